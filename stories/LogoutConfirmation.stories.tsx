import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { LogoutConfirmation } from '../packages/console/src/LogoutConfirmation';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/LogoutConfirmation',
  component: LogoutConfirmation,
  args: { openChats: 2, onConfirm: fn(), onCancel: fn() },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 640 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof LogoutConfirmation>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Two chats in progress: focus starts on "Stay"; "Log out" leaves anyway. */
export const TwoOpenChats: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement).getByRole('alertdialog', { name: 'Log out with 2 open chats?' });
    await expect(within(dialog).getByRole('button', { name: 'Stay' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Log out' }));
    await expect(args.onConfirm).toHaveBeenCalled();
  },
};

export const OneOpenChat: Story = {
  args: { openChats: 1 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText(/Its visitor keeps waiting/)).toBeVisible();
  },
};
