import type { Message, MessageMeta, ParleyError, SendableContent } from '@parley/protocol';

/**
 * Where a message is on its way: `sending` (in the outbox, or on the wire), `sent` (stored by the
 * server: it has its `seq`), `failed` (refused; `retry` or `discard` it).
 */
export type MessageStatus = 'sending' | 'sent' | 'failed';

/** A message the server stored: its `seq` is its place in the chat. */
export type StoredMessage = Message & { status: 'sent' };

/**
 * A message the signed-in user wrote that the server has not stored yet (or refused). It has no `seq`;
 * its `id` is its `clientId` until the stored copy replaces it.
 */
export type PendingMessage = Omit<MessageMeta, 'seq' | 'clientId' | 'imported'> &
  SendableContent & {
    seq?: undefined;
    clientId: string;
    status: 'sending' | 'failed';
    /** Why the server refused it (`failed` only). */
    error?: ParleyError;
  };

/** One message as the store holds it and the components render it, from the outbox to its receipt. */
export type ChatMessage = StoredMessage | PendingMessage;

export function isStored(message: ChatMessage): message is StoredMessage {
  return message.status === 'sent';
}
