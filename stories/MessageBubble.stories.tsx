import type { Meta, StoryObj } from '@storybook/react-vite';
import { MessageBubble } from '@parley/ui';
import { agent, me, message, pending } from './fixtures';

const meta = {
  title: 'Chat/MessageBubble',
  component: MessageBubble,
  args: { message: message(1, agent, 'Hello! How can I help?'), mine: false, senderName: 'Anna' },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 360, padding: 12, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof MessageBubble>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Theirs: Story = {};
export const Sending: Story = { args: { message: pending('c-2', 'On its way…', 'sending'), mine: true } };
export const Sent: Story = { args: { message: message(2, me, 'Delivered to the server.'), mine: true } };
export const Read: Story = { args: { message: message(2, me, 'Anna has read this.'), mine: true, read: true } };
export const Failed: Story = {
  args: { message: pending('c-2', 'This did not go through.', 'failed'), mine: true, onRetry: () => {} },
};
export const WithLinks: Story = {
  args: { message: message(3, agent, 'See https://parley.dev/docs, or mail mailto:help@parley.dev — javascript:alert(1) stays text.') },
};
export const System: Story = { args: { message: message(4, 'system', 'Anna joined the chat', { type: 'system' }) } };

/** Chat Markdown: bold, italic, code, lists and links; HTML stays text. */
export const Markdown: Story = {
  args: {
    message: message(
      5,
      agent,
      '**Good news:** your order _shipped_. Track it with `#4411`:\n- at www.parcels.example.com\n- or by mail: help@parley.dev\n<b>HTML</b> stays text.',
    ),
  },
};

/** A later message of a group: no avatar, name or time; the exact time is its tooltip. */
export const InGroup: Story = { args: { showSender: false } };
