import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import type { ChatMessage } from '@parley/core';
import { FileLinkContext, FileMessage } from '@parley/ui';

type FileChatMessage = Extract<ChatMessage, { type: 'file' }>;

/** A 64×40 picture, drawn here so the story needs no server: what a signed link would answer. */
const picture =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200" fill="#4f7cac"/><circle cx="90" cy="80" r="40" fill="#f2c14e"/><rect x="160" y="110" width="130" height="60" fill="#2e4057"/></svg>');

function file(name: string, mimeType: string, extra: Partial<FileChatMessage> = {}): FileChatMessage {
  return {
    id: `m-${name}`,
    chatId: 'chat-1',
    seq: 1,
    sender: 'visitor-1',
    type: 'file',
    message: '',
    createdAt: '2026-01-05T09:00:00.000Z',
    file: { id: `f-${name}`, name, mimeType, size: 48_213 },
    ...extra,
  } as FileChatMessage;
}

const meta = {
  title: 'Chat/FileMessage',
  component: FileMessage,
  args: { message: file('screenshot.png', 'image/png') },
  decorators: [
    (Story) => (
      <FileLinkContext.Provider value={async (fileId) => (fileId.endsWith('.png') ? picture : `https://files.example/${fileId}`)}>
        <div className="parley" style={{ width: 360, padding: 12, background: 'var(--parley-color-bg)' }}>
          <Story />
        </div>
      </FileLinkContext.Provider>
    ),
  ],
} satisfies Meta<typeof FileMessage>;

export default meta;
type Story = StoryObj<typeof meta>;

/** An image: a thumbnail; a click opens it large in a dialog that Escape closes. */
export const Image: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Open image screenshot.png' }));
    await expect(within(document.body).getByRole('dialog', { name: 'screenshot.png' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect(within(document.body).queryByRole('dialog')).toBeNull();
  },
};

/** Any other file: its name, size and a download link (served as an attachment). */
export const Document: Story = {
  args: { message: file('invoice-4411.pdf', 'application/pdf', { message: 'The invoice you asked for' }) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('link', { name: 'Download invoice-4411.pdf' })).toBeVisible();
  },
};

/** While it uploads: a progress bar on the sender's own row. */
export const Uploading: Story = {
  args: {
    message: { ...file('report.pdf', 'application/pdf'), status: 'sending', clientId: 'k1', seq: undefined, progress: 0.6 } as FileChatMessage,
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('progressbar', { name: 'Uploading… 60%' })).toBeVisible();
  },
};
