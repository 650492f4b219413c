import type { PendingMessage, StoredMessage } from '@parley/core';
import type { Note } from '@parley/protocol';

/** Static story data: a visitor (`me`) talking to an agent (`anna`). */
export const me = 'visitor-1';
export const agent = 'anna';
export const users = { [agent]: { name: 'Anna Berg', nickname: 'Anna' }, [me]: { name: 'You' } };

const start = Date.UTC(2026, 0, 5, 9, 0, 0);

const script: Array<[string, string]> = [
  [me, 'Hi! My order #4411 has not arrived yet.'],
  [agent, 'Hello, I am Anna. Let me look that up for you.'],
  [agent, 'It left our warehouse yesterday. Tracking: https://parcels.example.com/track?id=4411'],
  [me, 'Thanks! When will it arrive?'],
  [agent, 'Tomorrow before noon. Anything else I can help with?'],
  [me, 'No, that is all.\nHave a nice day!'],
];

/** A message the server stored (`sent`), with its seq. */
export function message(seq: number, sender: string, text: string, extra: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id: `m${seq}`,
    chatId: 'chat-1',
    seq,
    sender,
    type: 'text',
    message: text,
    createdAt: new Date(start + seq * 47_000).toISOString(),
    ...extra,
  } as StoredMessage;
}

/** One of the visitor's messages still on its way (`sending`) or refused (`failed`): no seq yet. */
export function pending(clientId: string, text: string, status: PendingMessage['status']): PendingMessage {
  return { status, id: clientId, clientId, chatId: 'chat-1', sender: me, type: 'text', message: text, createdAt: new Date(start + 400 * 47_000).toISOString() };
}

export const conversation: StoredMessage[] = script.map(([sender, text], i) => message(i + 1, sender, text));

/** An internal note of the chat's agents, written after message `afterSeq` (agents' view only). */
export function note(id: string, afterSeq: number, sender: string, text: string): Note {
  return { id, chatId: 'chat-1', sender, message: text, clientId: `note-${id}`, createdAt: new Date(start + afterSeq * 47_000 + 20_000).toISOString(), afterSeq };
}

/** A colleague of the agent's, who writes notes too. */
export const colleague = 'sam';

/** Notes on `conversation` as its agents wrote them: two after the tracking link, one at the end. */
export const conversationNotes: Note[] = [
  note('n1', 3, agent, 'Parcel is with the courier; **no refund** needed.'),
  note('n2', 3, colleague, 'Agreed. Customer since 2019, be generous.'),
  note('n3', 6, agent, 'Follow up Friday: https://crm.example.com/case/4411'),
];

const lines = [
  'Could you check that for me?',
  'Sure, one moment please.',
  'The invoice is attached to your account page: https://shop.example.com/account',
  'That worked, thank you!',
  'A longer message to vary the row heights: the parcel was handed to the courier in the morning, scanned at the hub in the afternoon, and should be out for delivery tomorrow.',
  'ok',
];

/** The text of the `seq`th message of a long history (numbered, with varied lengths). */
export function historyText(seq: number): string {
  return `#${seq} ${lines[seq % lines.length]}`;
}

/** Whether the visitor wrote the `seq`th message of a long history (every third); the agent wrote the rest. */
export const visitorWrote = (seq: number) => seq % 3 === 0;

/** `count` messages, oldest first, for the long-history stories. */
export function history(count: number, fromSeq = 1): StoredMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = fromSeq + i;
    return message(seq, visitorWrote(seq) ? me : agent, historyText(seq));
  });
}
