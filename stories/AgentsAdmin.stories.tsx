import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { AgentsAdmin } from '../packages/console/src/admin/AgentsAdmin';
import { adminApiStub } from './adminApiStub';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/AgentsAdmin',
  component: AgentsAdmin,
  args: { api: adminApiStub(), meId: 'boss' },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 1000 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof AgentsAdmin>;

export default meta;
type Story = StoryObj<typeof meta>;

export const List: Story = {};

export const Invite: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('Ada Agent');
    await userEvent.type(canvas.getByLabelText('Username'), 'erin');
    await userEvent.type(canvas.getByLabelText('Name'), 'Erin Agent');
    await userEvent.type(canvas.getByLabelText('Rooms (comma-separated)'), 'support, sales');
    await userEvent.click(canvas.getByRole('button', { name: 'Invite agent' }));
    await expect(args.api.createAgent).toHaveBeenCalledWith({ username: 'erin', name: 'Erin Agent', rooms: ['support', 'sales'], capacity: 3, admin: false });
    await expect(await canvas.findByDisplayValue(/#link=/)).toBeVisible();
  },
};
