import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { ChatOriginBadge } from '../packages/console/src/ChatOriginBadge';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/ChatOriginBadge',
  component: ChatOriginBadge,
  args: { origin: 'offline-message' },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 320, padding: 12 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ChatOriginBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

/** As the chat lists show it. */
export const InAList: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Offline message')).toBeTruthy();
  },
};

/** As the conversation's header and an invitation show it: what it means for the reply. */
export const Long: Story = {
  args: { long: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Offline message — reply goes by e-mail')).toBeTruthy();
  },
};

/** In the conversation's blue header, beside "Close chat". */
export const InTheHeader: Story = {
  args: { long: true },
  decorators: [
    (Story) => (
      <div className="parley-header" style={{ display: 'flex', gap: 8, alignItems: 'center', padding: 12, background: 'var(--parley-color-accent)', color: 'var(--parley-color-accent-text)' }}>
        <Story />
        <button type="button" className="console-header-button">
          Close chat
        </button>
      </div>
    ),
  ],
};

/** A live chat: nothing shows. */
export const Live: Story = { args: { origin: undefined } };
