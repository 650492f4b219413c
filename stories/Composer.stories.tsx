import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { Composer, MessageList } from '@parley/ui';
import type { StoredMessage } from '@parley/core';
import { me, message } from './fixtures';

const meta = {
  title: 'Chat/Composer',
  component: Composer,
  args: { onSend: () => {} },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 380, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Composer>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

/** Near the length limit a counter shows what is left; past it the draft stays but cannot be sent. */
export const OverTheLimit: Story = {
  args: { maxLength: 40, value: 'This draft is a little too long to be sent as it is.' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('12 characters over the limit')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeDisabled();
  },
};
export const Closed: Story = { args: { closed: true } };

/** With `onAttach`: an attach button, and files dropped on the composer or pasted into it are taken too. */
export const WithAttachments: Story = {
  args: { onAttach: () => {} },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'Attach a file' })).toBeEnabled();
  },
};

/** Enter sends, Shift+Enter adds a line: what you send is appended to the list above. */
function ComposerWithList() {
  const [messages, setMessages] = useState<StoredMessage[]>([]);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 360 }}>
      <MessageList messages={messages} me={me} />
      <Composer onSend={(text) => setMessages((list) => [...list, message(list.length + 1, me, text)])} />
    </div>
  );
}

export const AppendsToList: Story = {
  render: () => <ComposerWithList />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const field = canvas.getByRole('textbox', { name: 'Message' });
    await userEvent.type(field, 'first line{Shift>}{Enter}{/Shift}second line{Enter}');
    await expect(field).toHaveValue('');
    await expect(canvas.getByRole('log').textContent).toContain('first line');
  },
};
