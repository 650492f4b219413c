import { ParleyError } from '@parley/protocol';
import type { FileAttachment, Message, SendableContent } from '@parley/protocol';
import { createEmitter } from './emitter';
import { isTransient, toParleyError } from './errors';
import type { StorageAdapter } from './storage';

/** A message the user wrote that the server has not acknowledged yet. */
export interface OutboxEntry {
  clientId: string;
  chatId: string;
  /** What was written, by kind (`{ type: 'text', message }` today): the outbox carries any kind alike. */
  content: SendableContent;
  /** When the user wrote it (ISO 8601): optimistic rows sort by it. */
  createdAt: string;
  sender: string;
  /**
   * A file still to upload: sent first (`OutboxOptions.upload`), which fills in `content.file`. In
   * memory only — a Blob cannot be stored — so such an entry does not survive a reload.
   */
  attachment?: Blob;
}

export type OutboxEvent =
  | { type: 'queued'; entry: OutboxEntry }
  /** Upload progress of an entry's attachment: `loaded` of `total` bytes. */
  | { type: 'progress'; entry: OutboxEntry; loaded: number; total: number }
  | { type: 'sent'; entry: OutboxEntry; message: Message }
  | { type: 'failed'; entry: OutboxEntry; error: ParleyError };

export interface OutboxOptions {
  send(entry: OutboxEntry): Promise<Message>;
  /** Uploads an entry's attachment and answers the server's record of it (file entries only). */
  upload?(entry: OutboxEntry & { attachment: Blob }, onProgress: (loaded: number, total: number) => void): Promise<FileAttachment>;
  isConnected(): boolean;
  storage?: StorageAdapter | undefined;
  storageKey: string;
  /** Attempts after which an `internal` answer counts as a failure, not a hiccup (default 5). */
  maxInternalAttempts?: number;
  /** Wait before retrying a `rate_limited` / `timeout` / `internal` answer (default 250 ms, doubling to 5 s). */
  retryDelayMs?: number;
  createId?: () => string;
  now?: () => Date;
}

export interface Outbox {
  /** Queues a message and resolves with the stored one once the server acknowledged it. */
  enqueue(chatId: string, content: SendableContent, sender: string, attachment?: Blob): { entry: OutboxEntry; delivered: Promise<Message> };
  /** Queues a failed entry again, with its original clientId (the server dedups on it). */
  retry(entry: OutboxEntry): Promise<Message>;
  /** Sends whatever waits; called on every (re)connect. */
  flush(): void;
  entries(): readonly OutboxEntry[];
  subscribe(listener: (event: OutboxEvent) => void): () => void;
  /**
   * The client is going away: every promise still waiting for a delivery rejects with `error` (nobody
   * could settle it later). The entries stay queued, and saved where there is storage, so the next
   * client of the same user sends them.
   */
  abandon(error: ParleyError): void;
}

interface Waiter {
  resolve(message: Message): void;
  reject(error: ParleyError): void;
}

/**
 * At-least-once delivery (PROTOCOL.md §7): each chat's queue is sent one message at a time, so the
 * server stores them in the order they were written; a lost ack or link leaves the entry queued and
 * it is resent with the same clientId, which the server answers with the first copy.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { storage, storageKey } = options;
  const maxInternalAttempts = options.maxInternalAttempts ?? 5;
  const baseDelay = options.retryDelayMs ?? 250;
  const createId = options.createId ?? (() => crypto.randomUUID());
  const now = options.now ?? (() => new Date());
  const events = createEmitter<{ event: OutboxEvent }>();
  const queue: OutboxEntry[] = restore();
  const waiters = new Map<string, Waiter>();
  const flushing = new Set<string>();

  function restore(): OutboxEntry[] {
    try {
      const raw = storage?.getItem(storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.map(toEntry).filter((entry) => entry !== undefined) : [];
    } catch {
      // A corrupt or unreadable entry must not stop the client from starting.
      return [];
    }
  }

  function persist(): void {
    if (!storage) return;
    try {
      // An entry still holding its file's bytes cannot be written down: it lives as long as the page.
      const durable = queue.filter((entry) => entry.attachment === undefined);
      if (durable.length === 0) storage.removeItem(storageKey);
      else storage.setItem(storageKey, JSON.stringify(durable));
    } catch {
      // Quota or privacy mode: the outbox still works for this page's lifetime.
    }
  }

  function remove(entry: OutboxEntry): void {
    const index = queue.indexOf(entry);
    if (index >= 0) queue.splice(index, 1);
    persist();
  }

  function waitFor(clientId: string): Promise<Message> {
    return new Promise<Message>((resolve, reject) => waiters.set(clientId, { resolve, reject }));
  }

  function add(entry: OutboxEntry): Promise<Message> {
    const delivered = waitFor(entry.clientId);
    // Nobody has to await a send (the store shows the outcome); an unhandled rejection would be noise.
    delivered.catch(() => undefined);
    queue.push(entry);
    persist();
    events.emit('event', { type: 'queued', entry });
    void flushChat(entry.chatId);
    return delivered;
  }

  async function flushChat(chatId: string): Promise<void> {
    if (flushing.has(chatId)) return;
    flushing.add(chatId);
    let attempts = 0;
    try {
      while (options.isConnected()) {
        const entry = queue.find((candidate) => candidate.chatId === chatId);
        if (!entry) return;
        try {
          if (entry.attachment) await uploadAttachment(entry, entry.attachment);
          const message = await options.send(entry);
          attempts = 0;
          remove(entry);
          events.emit('event', { type: 'sent', entry, message });
          waiters.get(entry.clientId)?.resolve(message);
          waiters.delete(entry.clientId);
        } catch (cause) {
          const error = toParleyError(cause);
          attempts += 1;
          // Flushed again on reconnect; an upload that lost its link while the socket still looks up
          // (the browser went offline) is retried after a pause instead.
          if (error.code === 'disconnected' && (entry.attachment === undefined || !options.isConnected())) return;
          if (!isTransient(error) || (error.code === 'internal' && attempts >= maxInternalAttempts)) {
            remove(entry);
            events.emit('event', { type: 'failed', entry, error });
            waiters.get(entry.clientId)?.reject(error);
            waiters.delete(entry.clientId);
            attempts = 0;
            continue;
          }
          await sleep(Math.min(5_000, baseDelay * 2 ** (attempts - 1)));
        }
      }
    } finally {
      flushing.delete(chatId);
    }
  }

  /**
   * The upload before the message: the entry keeps its place at the head of its chat's queue, so
   * later messages wait for it and the chat's seq order is the order things were written in.
   */
  async function uploadAttachment(entry: OutboxEntry, attachment: Blob): Promise<void> {
    if (!options.upload) throw new ParleyError('invalid_payload', 'this client cannot upload files (no server URL or token)');
    const file = await options.upload({ ...entry, attachment }, (loaded, total) => events.emit('event', { type: 'progress', entry, loaded, total }));
    if (entry.content.type === 'file') entry.content = { ...entry.content, file };
    delete entry.attachment;
    persist();
  }

  return {
    enqueue(chatId, content, sender, attachment) {
      const entry: OutboxEntry = { clientId: createId(), chatId, content, createdAt: now().toISOString(), sender, ...(attachment ? { attachment } : {}) };
      return { entry, delivered: add(entry) };
    },
    retry(entry) {
      if (queue.some((queued) => queued.clientId === entry.clientId)) return waitFor(entry.clientId);
      return add({ ...entry });
    },
    flush() {
      for (const chatId of new Set(queue.map((entry) => entry.chatId))) void flushChat(chatId);
    },
    entries() {
      return queue.slice();
    },
    subscribe(listener) {
      return events.on('event', listener);
    },
    abandon(error) {
      for (const waiter of waiters.values()) waiter.reject(error);
      waiters.clear();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A stored entry, checked field by field (storage is shared with the page and may hold anything).
 * Entries saved by earlier versions carry the text as `message`; they are read as text content.
 */
function toEntry(value: unknown): OutboxEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  if (!['clientId', 'chatId', 'createdAt', 'sender'].every((key) => typeof entry[key] === 'string')) return undefined;
  const content = toContent(entry.content) ?? (typeof entry.message === 'string' ? { type: 'text' as const, message: entry.message } : undefined);
  if (!content) return undefined;
  return { clientId: String(entry.clientId), chatId: String(entry.chatId), content, createdAt: String(entry.createdAt), sender: String(entry.sender) };
}

/** Any kind passes (the server validates it when it is sent, and refuses a bad one as `invalid_payload`). */
function toContent(value: unknown): SendableContent | undefined {
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') return undefined;
  return value as SendableContent;
}
