import type { Message } from '@parley/protocol';

/**
 * A row's identity. An optimistic message and the acknowledged one share their `clientId` while the
 * server assigns a new `id`, so keying by `clientId` first keeps the row (and its measured size)
 * when the acknowledgement swaps one for the other.
 */
export function messageKey(message: Pick<Message, 'id' | 'clientId'>): string {
  return message.clientId ?? message.id;
}
