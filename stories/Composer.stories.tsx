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
export const Closed: Story = { args: { closed: true } };

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
