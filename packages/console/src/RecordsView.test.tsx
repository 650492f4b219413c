import type { ChatTranscript } from '@parley/protocol';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordsApi } from './records';
import { RecordsView } from './RecordsView';

const chat = { id: 'c1', room: 'support', source: 'web', lang: 'en', creator: 'v1', status: 'closed' as const, users: ['v1', 'ada'], createdAt: '2026-01-01T10:00:00.000Z', closedAt: '2026-01-01T10:30:00.000Z', lastSeq: 3 };
const transcript: ChatTranscript = {
  chat,
  users: [
    { id: 'v1', role: 'user', name: 'Vera' },
    { id: 'ada', role: 'agent', name: 'Ada' },
  ],
  messages: [
    { id: 'm1', chatId: 'c1', seq: 1, sender: 'v1', type: 'file', message: '', file: { id: 'f1', name: 'receipt.png', mimeType: 'image/png', size: 2048 }, createdAt: '2026-01-01T10:01:00.000Z' },
    { id: 'm2', chatId: 'c1', seq: 2, sender: 'v1', type: 'file', message: 'the broken part', file: { id: 'f2', name: 'photo.jpg', mimeType: 'image/jpeg', size: 3 * 1024 * 1024 }, createdAt: '2026-01-01T10:02:00.000Z' },
    { id: 'm3', chatId: 'c1', seq: 3, sender: 'ada', type: 'text', message: 'Thanks, a new one is on its way.', createdAt: '2026-01-01T10:03:00.000Z' },
  ],
  notes: [],
};

const records: RecordsApi = {
  canned: async () => [],
  saveCanned: async () => {
    throw new Error('not here');
  },
  deleteCanned: async () => undefined,
  search: async () => [{ chat, visitor: { id: 'v1', name: 'Vera' }, agentName: 'Ada' }],
  transcript: async () => transcript,
  summary: async () => ({ agents: [], rooms: [] }),
};

describe('the records view', () => {
  it('names the files a transcript holds, with their captions, instead of showing empty lines', async () => {
    render(<RecordsView records={records} rooms={['support']} onClose={() => undefined} />);
    await userEvent.click(await within(await screen.findByRole('list', { name: 'Closed chats found' })).findByRole('button', { name: /^Vera/ }));
    const rows = within(await screen.findByRole('article', { name: 'Transcript with Vera' })).getAllByRole('listitem');
    // Each row starts with its time; the text after it:
    const shown = rows.map((item) => item.textContent!.slice(item.querySelector('time')!.textContent!.length).trim());
    expect(shown).toEqual(['Vera: File receipt.png (2 KB)', 'Vera: File photo.jpg (3.0 MB): the broken part', 'Ada: Thanks, a new one is on its way.']);
  });

  it('shows when the chat started and ended, and when each message was written', async () => {
    render(<RecordsView records={records} rooms={['support']} onClose={() => undefined} />);
    await userEvent.click(await within(await screen.findByRole('list', { name: 'Closed chats found' })).findByRole('button', { name: /^Vera/ }));
    const article = await screen.findByRole('article', { name: 'Transcript with Vera' });
    const rowTimes = within(article)
      .getAllByRole('listitem')
      .map((item) => item.querySelector('time')?.dateTime);
    expect(rowTimes).toEqual(transcript.messages.map((message) => message.createdAt));
    const span = [...within(article).getByText(/^Started/).querySelectorAll('time')].map((time) => time.dateTime);
    expect(span).toEqual([chat.createdAt, chat.closedAt]);
  });
});
