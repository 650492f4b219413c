import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { TransferPicker } from '../packages/console/src/TransferPicker';

// The agent console is an app, not a published package: its parts are shown from its source.
const targets = {
  rooms: [
    { room: 'billing', available: 0 },
    { room: 'support', available: 2 },
  ],
  agents: [
    { user: { id: 'agent2', role: 'agent' as const, name: 'Bob Agent', status: 'online' as const }, rooms: ['support'], available: true },
    { user: { id: 'agent3', role: 'agent' as const, name: 'Cleo Agent', status: 'online' as const }, rooms: ['billing'], available: false },
  ],
};

const meta = {
  title: 'Console/TransferPicker',
  component: TransferPicker,
  args: { chatRoom: 'support', targets, onTransfer: fn() },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 300 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof TransferPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

export const PickAColleague: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Transfer to' }), 'Bob Agent');
    await userEvent.click(canvas.getByRole('button', { name: 'Transfer' }));
    await expect(args.onTransfer).toHaveBeenCalledWith({ target: { agentId: 'agent2' }, label: 'Bob Agent' });
  },
};

export const Loading: Story = { args: { targets: undefined } };
export const NobodyOnline: Story = { args: { targets: { rooms: [{ room: 'support', available: 0 }], agents: [] } } };
export const Pending: Story = { args: { pendingTo: 'Bob Agent' } };
export const NotTaken: Story = { args: { notice: 'Bob Agent did not take the chat. It stays with you.' } };
export const Refused: Story = { args: { error: 'Bob Agent is not online with a free slot any more.' } };
