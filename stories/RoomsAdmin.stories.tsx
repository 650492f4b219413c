import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { RoomsAdmin } from '../packages/console/src/admin/RoomsAdmin';
import { adminApiStub } from './adminApiStub';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/RoomsAdmin',
  component: RoomsAdmin,
  args: { api: adminApiStub() },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 900 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof RoomsAdmin>;

export default meta;
type Story = StoryObj<typeof meta>;

export const List: Story = {};

export const AddWithHours: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('sales');
    await userEvent.type(canvas.getByLabelText('Room name'), 'billing');
    await userEvent.click(canvas.getByRole('checkbox', { name: 'Business hours' }));
    await userEvent.clear(canvas.getByLabelText('Time zone'));
    await userEvent.type(canvas.getByLabelText('Time zone'), 'Europe/Paris');
    await userEvent.click(canvas.getByRole('button', { name: 'Add room' }));
    await expect(args.api.createRoom).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'billing', hours: expect.objectContaining({ timeZone: 'Europe/Paris' }) }),
    );
  },
};

export const TeamEmail: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('Offline messages are e-mailed to sales@example.com, lead@example.com');
    await userEvent.click(canvas.getByRole('button', { name: 'Edit room sales' }));
    const team = canvas.getByLabelText(/Team e-mail for offline messages/);
    await expect(team).toHaveValue('sales@example.com, lead@example.com');
    await userEvent.clear(team);
    await userEvent.type(team, 'desk@example.com');
    await userEvent.click(canvas.getByRole('button', { name: 'Save room' }));
    await expect(args.api.updateRoom).toHaveBeenCalledWith('sales', expect.objectContaining({ teamEmail: 'desk@example.com' }));
  },
};
