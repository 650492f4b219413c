import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { PasswordChangeForm } from '../packages/console/src/admin/PasswordChangeForm';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/PasswordChangeForm',
  component: PasswordChangeForm,
  args: { changePassword: fn(async () => undefined) },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 500 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof PasswordChangeForm>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Change: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText('Current password'), 'old-password');
    await userEvent.type(canvas.getByLabelText('New password'), 'new-password');
    await userEvent.click(canvas.getByRole('button', { name: 'Change password' }));
    await expect(args.changePassword).toHaveBeenCalledWith('old-password', 'new-password');
    await expect(await canvas.findByText('Your password is changed.')).toBeVisible();
  },
};

export const TooShort: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText('New password'), 'short');
    await userEvent.click(canvas.getByRole('button', { name: 'Change password' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('at least 8 characters');
  },
};
