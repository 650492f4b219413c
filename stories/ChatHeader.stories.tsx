import type { Meta, StoryObj } from '@storybook/react-vite';
import { Avatar, ChatHeader } from '@parley/ui';

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
  args: { avatar: <Avatar id="anna" name="Anna Berg" size={36} /> },
};
/** Before an agent joins: the title and the team's usual reply time from the room's settings. */
export const TeamLine: Story = { args: { title: 'Chat with us', agentStatus: undefined, subtitle: 'Usually replies in a few minutes' } };
/** The link to the server is down: the header says so instead of an "Online" that is no longer true. */
export const Reconnecting: Story = { args: { connection: 'reconnecting' } };
