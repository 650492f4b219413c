import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueueStatus } from '@parley/ui';

const meta = {
  title: 'Chat/QueueStatus',
  component: QueueStatus,
  args: { state: 'waiting', position: 3 },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 380 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof QueueStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Waiting: Story = {};
export const NextInLine: Story = { args: { position: 1 } };
export const PositionUnknown: Story = { args: { position: undefined } };
export const AgentJoining: Story = { args: { state: 'offered' } };
export const NoAgentAvailable: Story = { args: { state: 'no-agents', onRetry: () => {}, onLeaveMessage: () => {} } };
