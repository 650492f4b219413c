import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { ClosedChatList } from '../packages/console/src/ClosedChatList';

// The agent console is an app, not a published package: its parts are shown from its source.
const chats = [
  { id: 'c3', name: 'Vera', room: 'support', closedAt: '2026-11-26T10:42:00.000Z' },
  { id: 'c2', name: 'Otto', room: 'billing', closedAt: '2026-11-26T09:15:00.000Z' },
  { id: 'c1', name: 'Visitor', room: 'support', closedAt: undefined },
];

const meta = {
  title: 'Console/ClosedChatList',
  component: ClosedChatList,
  args: { chats, selectedId: undefined, onSelect: fn(), formatTime: (iso: string) => iso.slice(11, 16) },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 280 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ClosedChatList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Recent: Story = {
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: /^Otto/ }));
    await expect(args.onSelect).toHaveBeenCalledWith('c2');
  },
};
export const OneOpen: Story = { args: { selectedId: 'c3' } };
export const Empty: Story = { args: { chats: [] } };

/** A chat that began as an offline message (`Chat.origin`) is marked in the list. */
export const WithOfflineMessage: Story = {
  args: { chats: [{ ...chats[0]!, origin: 'offline-message' as const }, ...chats.slice(1)] },
  play: async ({ canvasElement }) => {
    const vera = within(canvasElement).getByRole('button', { name: /^Vera/ });
    await expect(within(vera).getByText('Offline message')).toBeTruthy();
  },
};
