import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { SettingsPage } from '../packages/console/src/admin/SettingsPage';
import { adminAgents, adminApiStub, cannedRecordsStub } from './adminApiStub';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/SettingsPage',
  component: SettingsPage,
  args: { api: adminApiStub(), meId: 'boss', admin: true, onClose: fn() },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 1000 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof SettingsPage>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Admin: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('Ada Agent');
    await userEvent.click(canvas.getByRole('button', { name: 'Rooms' }));
    await canvas.findByText(/closed now/);
    await userEvent.click(canvas.getByRole('button', { name: 'Audit log' }));
    await expect(await canvas.findByText('admin.setup')).toBeVisible();
  },
};

/** An agent who is not an admin sees only their own password. */
export const NotAnAdmin: Story = {
  args: { admin: false, meId: 'ada' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole('button', { name: 'Agents' })).toBeNull();
    await expect(canvas.getByRole('heading', { name: 'Your password' })).toBeVisible();
  },
};

/** A non-admin's Canned responses: the rooms offered as scopes are exactly theirs (`GET /v1/agents/me`). */
export const CannedScopesOfAnAgent: Story = {
  args: {
    admin: false,
    meId: 'ada',
    api: { ...adminApiStub(), me: fn(async () => ({ user: adminAgents[1]!.user, admin: false, rooms: adminAgents[1]!.rooms })) },
    records: cannedRecordsStub(),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Canned responses' }));
    const scope = await canvas.findByLabelText('Scope');
    await expect(await within(scope).findByRole('option', { name: 'Room support' })).toBeInTheDocument();
    await expect(within(scope).getAllByRole('option').map((option) => option.textContent)).toEqual(['Personal', 'Room sales', 'Room support']);
  },
};
