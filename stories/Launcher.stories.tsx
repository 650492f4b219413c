import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { Launcher } from '@parley/ui';

const meta = {
  title: 'Chat/Launcher',
  component: Launcher,
  args: { open: false, unread: 0 },
  argTypes: { theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
} satisfies Meta<typeof Launcher>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Closed: Story = {};
export const Unread: Story = { args: { unread: 3 } };
export const ManyUnread: Story = { args: { unread: 120 } };
export const Open: Story = { args: { open: true } };
export const Dark: Story = { args: { unread: 2, theme: 'dark' } };

function Toggle() {
  const [open, setOpen] = useState(false);
  return <Launcher open={open} onOpenChange={setOpen} unread={open ? 0 : 5} />;
}

export const Toggles: Story = { render: () => <Toggle /> };
