import type { Message, MessageMeta, ParleyError, SendableContent } from '@parley/protocol';

/**
 * Where a message is on its way: `sending` (in the outbox, or on the wire), `sent` (stored by the
 * server: it has its `seq`), `failed` (refused; `retry` or `discard` it). Read it with
 * {@link messageStatus}: a stored message carries no `status` field.
 */
export type MessageStatus = 'sending' | 'sent' | 'failed';

/**
 * A message the server stored, exactly the object the server sent: its `seq` is its place in the
 * chat. The store keeps it as it arrived rather than a copy with a `status` added (a copy per event
 * was a third of the store's allocations), so `status` is absent: `messageStatus(message)` is `'sent'`
 * and `isStored(message)` is true because it has a `seq`.
 */
export type StoredMessage = Message & { readonly status?: undefined };

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
    /**
     * A file message's bytes until the upload finished (kept in memory only: a retry uploads them
     * again; a page can preview an image from them). Its `file.id` is empty until then.
     */
    attachment?: Blob;
    /** How much of the attachment was uploaded, from 0 to 1 (while `sending`). */
    progress?: number;
  };

/**
 * One message as the store holds it and the components render it, from the outbox to its receipt:
 * pending ones carry their `status`, stored ones are the server's messages as sent.
 */
export type ChatMessage = StoredMessage | PendingMessage;

/** Whether the server stored it (it has a `seq`); narrows to {@link StoredMessage}. */
export function isStored(message: ChatMessage): message is StoredMessage {
  return message.seq !== undefined;
}

/** `sent` for a stored message, else the pending one's `sending` or `failed`. */
export function messageStatus(message: ChatMessage): MessageStatus {
  return message.status ?? 'sent';
}
