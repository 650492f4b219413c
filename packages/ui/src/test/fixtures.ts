import type { PendingMessage, StoredMessage } from '@parley/core';
import type { Note } from '@parley/protocol';

const start = Date.UTC(2026, 0, 5, 9, 0, 0);

/** `count` messages alternating between the visitor `me` and the agent `agent`, seq from `fromSeq`. */
export function makeMessages(count: number, { fromSeq = 1, me = 'me', agent = 'agent' } = {}): StoredMessage[] {
  return Array.from({ length: count }, (_, i) => makeMessage(fromSeq + i, i % 3 === 0 ? me : agent));
}

export function makeMessage(seq: number, sender: string, text = `Message number ${seq}`): StoredMessage {
  return {
    id: `m${seq}`,
    chatId: 'chat-1',
    seq,
    sender,
    type: 'text',
    message: text,
    createdAt: new Date(start + seq * 60_000).toISOString(),
  };
}

/** A message of the viewer's still in the outbox (`sending`) or refused (`failed`): no seq yet. */
export function makePending(text: string, status: PendingMessage['status'] = 'sending', sender = 'me', clientId = `c-${text.length}-${text.slice(0, 8)}`): PendingMessage {
  return {
    status,
    id: clientId,
    clientId,
    chatId: 'chat-1',
    sender,
    type: 'text',
    message: text,
    createdAt: new Date(start + 99 * 60_000).toISOString(),
  };
}

/** An internal note written by `sender` after message `afterSeq` (a minute and a half after it). */
export function makeNote(id: string, afterSeq: number, sender = 'ada', text = `Note ${id}`): Note {
  return {
    id,
    chatId: 'chat-1',
    sender,
    message: text,
    clientId: `note-client-${id}`,
    createdAt: new Date(start + afterSeq * 60_000 + 30_000).toISOString(),
    afterSeq,
  };
}
