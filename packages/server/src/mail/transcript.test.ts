import type { Message, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { formatTranscript } from './transcript';

const users = new Map<string, User>([
  ['v1', { id: 'v1', role: 'user', name: 'Vera' }],
  ['a1', { id: 'a1', role: 'agent', name: 'Ada Agent' }],
]);
const message = (seq: number, sender: string, text: string, imported = false): Message => ({
  id: `m${seq}`,
  chatId: 'c1',
  seq,
  sender,
  type: 'text',
  message: text,
  createdAt: `2026-01-02T10:0${seq}:00.000Z`,
  ...(imported && { imported: true as const }),
});

describe('formatTranscript', () => {
  it('lists every message with its time and sender, imported ones marked', () => {
    const text = formatTranscript('support', [message(1, 'assistant', 'Hi, I am the bot', true), message(2, 'v1', 'Hello'), message(3, 'a1', 'How can I help?')], users);
    expect(text).toBe(
      [
        'Transcript of your chat with support',
        '',
        '[2026-01-02 10:01 UTC] Assistant (imported):',
        'Hi, I am the bot',
        '',
        '[2026-01-02 10:02 UTC] Vera:',
        'Hello',
        '',
        '[2026-01-02 10:03 UTC] Ada Agent:',
        'How can I help?',
        '',
      ].join('\n'),
    );
  });

  it('names a file a message carried (with its caption, if any): a transcript never shows it as an empty line', () => {
    const file = (seq: number, caption: string): Message => ({
      ...message(seq, 'v1', caption),
      type: 'file',
      file: { id: `f${seq}`, name: 'invoice.pdf', mimeType: 'application/pdf', size: 152_371 },
    });
    const text = formatTranscript('support', [file(1, ''), file(2, 'the wrong one')], users);
    expect(text).toBe(
      [
        'Transcript of your chat with support',
        '',
        '[2026-01-02 10:01 UTC] Vera:',
        '[file: invoice.pdf, application/pdf, 148.8 KB]',
        '',
        '[2026-01-02 10:02 UTC] Vera:',
        '[file: invoice.pdf, application/pdf, 148.8 KB]',
        'the wrong one',
        '',
      ].join('\n'),
    );
  });
});
