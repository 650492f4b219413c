import type { Meta, StoryObj } from '@storybook/react-vite';
import { MessageBody } from '@parley/ui';
import { agent, message, pending } from './fixtures';

/** The inside of a bubble, chosen by the message's kind (`messageBodies`): text and system today. */
const meta = {
  title: 'Chat/MessageBody',
  component: MessageBody,
  args: { message: message(1, agent, 'A text message, with a link: https://parley.dev') },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 360, padding: 12, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof MessageBody>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Text: Story = {};
export const System: Story = { args: { message: { ...message(2, 'system', ''), type: 'system', message: 'Anna joined the chat' } } };
export const Pending: Story = { args: { message: pending('c-3', 'Still on its way', 'sending') } };
