import type { Meta, StoryObj } from '@storybook/react-vite';
import { ChatHeader } from '@parley/ui';

const meta = {
  title: 'Chat/ChatHeader',
  component: ChatHeader,
  args: { title: 'Anna', agentStatus: 'online', onClose: () => {} },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 380 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ChatHeader>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Online: Story = {};
export const Away: Story = { args: { agentStatus: 'away' } };
export const Waiting: Story = { args: { title: undefined, agentStatus: undefined, chatStatus: 'waiting' } };
export const WithAvatar: Story = {
  args: { avatar: <span style={{ fontSize: 24 }} aria-hidden="true">👩‍💼</span> },
};
/** The link to the server is down: the header says so instead of an "Online" that is no longer true. */
export const Reconnecting: Story = { args: { connection: 'reconnecting' } };
