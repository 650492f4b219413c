import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CannedResponse, Note } from '@parley/protocol';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { AgentComposer } from '../packages/console/src/AgentComposer';

// The agent console is an app, not a published package: its parts are shown from its source.
export const canned: CannedResponse[] = [
  { id: 'c1', shortcut: 'refund', text: 'Hi {{visitor.name}}, refunds take 5 days. – {{agent.name}}', room: 'support', updatedAt: '2026-11-26T10:00:00.000Z' },
  { id: 'c2', shortcut: 'greet', text: 'Hello {{visitor.name}}, how can I help?', owner: 'ada', updatedAt: '2026-11-26T10:00:00.000Z' },
  { id: 'c3', shortcut: 'shipping', text: 'We ship worldwide within 3 days.', room: 'support', updatedAt: '2026-11-26T10:00:00.000Z' },
];

export const notes: Note[] = [
  { id: 'n1', chatId: 'c', sender: 'ada', message: 'VIP customer, refund approved by Sam.', clientId: 'x1', createdAt: '2026-11-26T10:42:00.000Z', afterSeq: 3 },
];

const meta = {
  title: 'Console/AgentComposer',
  component: AgentComposer,
  args: {
    canned,
    values: { visitorName: 'Vera', agentName: 'Ada', room: 'support' },
    onSend: fn(),
    onTyping: fn(),
    onNote: fn(async () => undefined),
    onCannedQueryStart: fn(),
    closed: false,
  },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 480, paddingTop: 200 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof AgentComposer>;

export default meta;
type Story = StoryObj<typeof meta>;

export const CannedWithSlash: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const field = canvas.getByRole('textbox', { name: 'Message' });
    await userEvent.type(field, '/ref');
    await expect(canvas.getByRole('listbox', { name: 'Canned responses' })).toBeInTheDocument();
    // Once as the `/` query starts, not for every letter after it.
    await expect(args.onCannedQueryStart).toHaveBeenCalledTimes(1);
    await userEvent.keyboard('{Enter}');
    await expect(field).toHaveValue('Hi Vera, refunds take 5 days. – Ada');
    await userEvent.keyboard('{Enter}');
    await expect(args.onSend).toHaveBeenCalledWith('Hi Vera, refunds take 5 days. – Ada');
  },
};

export const InternalNote: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('checkbox', { name: /Internal note/ }));
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Call back tomorrow{Enter}');
    await expect(args.onNote).toHaveBeenCalledWith('Call back tomorrow');
    await expect(args.onSend).not.toHaveBeenCalled();
  },
};
