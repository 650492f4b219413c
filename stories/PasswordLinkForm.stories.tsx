import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { PasswordLinkForm } from '../packages/console/src/admin/PasswordLinkForm';
import { passwordLinkStub } from './adminApiStub';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/PasswordLinkForm',
  component: PasswordLinkForm,
  args: { token: 'x'.repeat(32), api: passwordLinkStub('setup'), onDone: fn() },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 500 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof PasswordLinkForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The first run: the setup link creates the first admin. */
export const FirstAdmin: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('Username'), 'boss');
    await userEvent.type(canvas.getByLabelText('Your name'), 'Bo Boss');
    await userEvent.type(canvas.getByLabelText('New password'), 'boss-password');
    await userEvent.type(canvas.getByLabelText('Repeat the password'), 'boss-password');
    await userEvent.click(canvas.getByRole('button', { name: 'Set password' }));
    await expect(args.api.accept).toHaveBeenCalledWith({ token: 'x'.repeat(32), password: 'boss-password', username: 'boss', name: 'Bo Boss' });
    await expect(args.onDone).toHaveBeenCalledWith('boss');
  },
};
export const Invitation: Story = { args: { api: passwordLinkStub('invite') } };
export const Reset: Story = { args: { api: passwordLinkStub('reset') } };
export const UsedOrExpired: Story = { args: { api: passwordLinkStub('used') } };
