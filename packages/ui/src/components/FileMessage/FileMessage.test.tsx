import type { ChatMessage } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FileLinkContext } from './fileLinks';
import { FileMessage } from './FileMessage';

type FileChatMessage = Extract<ChatMessage, { type: 'file' }>;

function stored(name: string, mimeType: string, extra: Partial<FileChatMessage> = {}): FileChatMessage {
  return {
    id: 'm1',
    chatId: 'c',
    seq: 1,
    sender: 'u',
    type: 'file',
    message: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    file: { id: 'f1', name, mimeType, size: 2048 },
    ...extra,
  } as FileChatMessage;
}

const resolve = async (fileId: string) => `https://chat.example/v1/files/${fileId}?expires=1&signature=s`;

describe('FileMessage', () => {
  it('shows an image as a thumbnail from its signed link; the viewer opens, is a labelled dialog, and Escape closes it', async () => {
    const user = userEvent.setup();
    render(
      <FileLinkContext.Provider value={resolve}>
        <FileMessage message={stored('shot.png', 'image/png')} />
      </FileLinkContext.Provider>,
    );
    const open = await screen.findByRole('button', { name: 'Open image shot.png' });
    expect(open.querySelector('img')?.getAttribute('src')).toBe('https://chat.example/v1/files/f1?expires=1&signature=s');
    await user.click(open);
    const dialog = screen.getByRole('dialog', { name: 'shot.png' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close image' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(open);
  });

  it('shows another file as its name and size with a download link; never inline', async () => {
    render(
      <FileLinkContext.Provider value={resolve}>
        <FileMessage message={stored('page.html', 'text/plain', { message: 'the page' })} />
      </FileLinkContext.Provider>,
    );
    const link = await screen.findByRole('link', { name: 'Download page.html' });
    expect(link.getAttribute('href')).toBe('https://chat.example/v1/files/f1?expires=1&signature=s&download=1');
    expect(screen.getByText('2 KB')).toBeTruthy();
    expect(screen.getByText('the page')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('shows upload progress while sending', () => {
    const pending = {
      status: 'sending',
      id: 'k1',
      clientId: 'k1',
      chatId: 'c',
      sender: 'u',
      type: 'file',
      message: '',
      createdAt: '2026-01-01T00:00:00.000Z',
      file: { id: '', name: 'report.pdf', mimeType: 'application/pdf', size: 10_000 },
      progress: 0.42,
    } as FileChatMessage;
    render(<FileMessage message={pending} />);
    const bar = screen.getByRole('progressbar', { name: 'Uploading… 42%' }) as HTMLProgressElement;
    expect(bar.value).toBe(42);
    expect(screen.getByText('report.pdf')).toBeTruthy();
  });

  it('without a link resolver shows the name only', async () => {
    render(<FileMessage message={stored('shot.png', 'image/png')} />);
    await waitFor(() => expect(screen.getByText('shot.png')).toBeTruthy());
    expect(screen.queryByRole('button')).toBeNull();
  });
});
