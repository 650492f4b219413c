import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { CannedAdmin } from '../packages/console/src/admin/CannedAdmin';
import { cannedRecordsStub } from './adminApiStub';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/CannedAdmin',
  component: CannedAdmin,
  args: { records: cannedRecordsStub(), rooms: ['sales', 'support'] },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 900 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof CannedAdmin>;

export default meta;
type Story = StoryObj<typeof meta>;

export const List: Story = {};

export const AddToRoom: Story = {
  args: { records: cannedRecordsStub() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('/hello');
    await userEvent.type(canvas.getByLabelText('Shortcut'), 'bye');
    await userEvent.type(canvas.getByLabelText('Text'), 'Thanks for chatting!');
    await userEvent.selectOptions(canvas.getByLabelText('Scope'), 'support');
    await userEvent.click(canvas.getByRole('button', { name: 'Add response' }));
    await expect(args.records.saveCanned).toHaveBeenCalledWith({ shortcut: 'bye', text: 'Thanks for chatting!', room: 'support' }, undefined);
    await expect(await canvas.findByText('/bye')).toBeInTheDocument();
  },
};

export const ShortcutTaken: Story = {
  args: { records: cannedRecordsStub() },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('/hello');
    await userEvent.type(canvas.getByLabelText('Shortcut'), 'hello');
    await userEvent.type(canvas.getByLabelText('Text'), 'Again');
    await userEvent.click(canvas.getByRole('button', { name: 'Add response' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('the shortcut /hello is taken');
  },
};

export const DeleteAsks: Story = {
  args: { records: cannedRecordsStub() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Delete /refund' }));
    await expect(canvas.getByRole('group', { name: 'Delete /refund?' })).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Yes, delete' }));
    await expect(args.records.deleteCanned).toHaveBeenCalledWith('c2');
  },
};
