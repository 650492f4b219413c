import { randomUUID } from 'node:crypto';
import type { OutgoingEvent } from '@parley/engine';
import type { Message } from '@parley/protocol';
import type { SqlExecutor } from './sqlClient';
import type { MessageRow } from './messageRows';
import { messageColumns, toMessage } from './messageRows';

/**
 * What a journal entry stands for: a unit's events, or an event published outside the engine (a
 * rating's `chat.rated`), kept as JSON. A message's entry has no JSON: it is read from `messages`.
 */
export type JournalEntry = { events: readonly OutgoingEvent[] } | { published: unknown };

/** An entry taken from the journal to be queued: its key and the events it stands for. */
export type TakenEntry = { key: string } & JournalEntry;

/**
 * Which committed events are journaled, decided when they are written. The server sets it from what
 * needs them (webhook targets, e-mail); by default nothing is, and the message path writes no more.
 */
export interface JournalPolicy {
  /** A unit's events (only those a consumer reads: `kept` filters them; none left, no entry). */
  units(events: readonly OutgoingEvent[]): readonly OutgoingEvent[];
  /** Messages stored by `messages:send`. */
  messages(): boolean;
}

const keepNothing: JournalPolicy = { units: () => [], messages: () => false };

/** A message's entry key: the same in the append statement and in the server. */
export function messageJournalKey(message: Pick<Message, 'chatId' | 'seq'>): string {
  return `${message.chatId}#${message.seq}`;
}

/**
 * An append statement that also writes each created draft's journal entry, in the same statement (so
 * the same commit). `append` is the statement whose rows (ord, outcome, seq, …) say what was created;
 * `chatIdOfRow` reads a row's chat id from the parameters (`$2`: the chat id, or the batch's array of
 * them indexed by `ord`).
 */
export function journaledAppendSql(append: string, chatIdOfRow: string): string {
  return `WITH batch AS (${append}), journaled AS (
    INSERT INTO event_journal (key, chat_id, seq)
    SELECT ${chatIdOfRow} || '#' || b.seq, ${chatIdOfRow}, b.seq FROM batch b WHERE b.outcome = 'created'
  ) SELECT * FROM batch ORDER BY ord`;
}

interface JournalRow {
  key: string;
  chat_id: string | null;
  seq: number | null;
  entry: JournalEntry | null;
}

/**
 * The event journal (migration 16): committed events whose e-mail and webhooks are not queued yet.
 * An entry is written in the transaction that commits its events and deleted in the transaction that
 * queues their outbox items, so those items are queued exactly once even when the node that
 * committed the events dies before queueing them: any node takes entries left behind (`takeStale`).
 */
export interface EventJournal {
  policy: JournalPolicy;
  /** Journals a unit's events in its transaction, as far as the policy keeps them; the entry's key. */
  addUnit(tx: SqlExecutor, events: readonly OutgoingEvent[]): Promise<string | undefined>;
  /** Journals an event published outside the engine, in the transaction that stored its cause. */
  addPublished(tx: SqlExecutor, published: unknown): Promise<string>;
  /** Deletes these entries; answers the keys that were still there (the others were taken already). */
  take(tx: SqlExecutor, keys: readonly string[]): Promise<Set<string>>;
  /**
   * Takes (deletes, skipping rows another node holds) up to `limit` entries older than `olderThanMs`,
   * oldest first, with their events: the ones a node committed and did not live to queue.
   */
  takeStale(tx: SqlExecutor, olderThanMs: number, limit: number): Promise<TakenEntry[]>;
  /** Entries waiting (metrics). */
  count(): Promise<number>;
}

export function createEventJournal(client: SqlExecutor): EventJournal {
  const journal: EventJournal = {
    policy: keepNothing,
    async addUnit(tx, events) {
      const kept = journal.policy.units(events);
      if (kept.length === 0) return undefined;
      const key = randomUUID();
      await tx.query('INSERT INTO event_journal (key, entry) VALUES ($1, $2::jsonb)', [key, JSON.stringify({ events: kept } satisfies JournalEntry)]);
      return key;
    },
    async addPublished(tx, published) {
      const key = randomUUID();
      await tx.query('INSERT INTO event_journal (key, entry) VALUES ($1, $2::jsonb)', [key, JSON.stringify({ published } satisfies JournalEntry)]);
      return key;
    },
    async take(tx, keys) {
      if (keys.length === 0) return new Set();
      const rows = await tx.query<{ key: string }>('DELETE FROM event_journal WHERE key = ANY($1::text[]) RETURNING key', [keys]);
      return new Set(rows.map((row) => row.key));
    },
    async takeStale(tx, olderThanMs, limit) {
      const rows = await tx.query<JournalRow & { at: Date | string }>(
        `DELETE FROM event_journal WHERE key IN (
           SELECT key FROM event_journal WHERE created_at < now() - $1 * interval '1 millisecond'
           ORDER BY created_at, key LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING key, chat_id, seq, entry, created_at AS at`,
        [Math.max(0, Math.round(olderThanMs)), limit],
      );
      // Commit order as near as the rows tell it: by transaction time, then a batch's messages by seq.
      rows.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || (a.seq ?? 0) - (b.seq ?? 0) || (a.key < b.key ? -1 : 1));
      const named = rows.filter((row) => row.entry === null && row.chat_id !== null && row.seq !== null);
      const messages = new Map<string, Message>();
      if (named.length > 0) {
        const stored = await tx.query<MessageRow>(
          `SELECT ${messageColumns} FROM messages WHERE (chat_id, seq) IN (SELECT c, s FROM unnest($1::text[], $2::integer[]) AS n(c, s))`,
          [named.map((row) => row.chat_id!), named.map((row) => String(row.seq))],
        );
        for (const row of stored) {
          const message = toMessage(row);
          messages.set(messageJournalKey(message), message);
        }
      }
      const taken: TakenEntry[] = [];
      for (const row of rows) {
        if (row.entry !== null) {
          taken.push({ key: row.key, ...row.entry });
          continue;
        }
        // A message deleted since (a chat erased) has nothing left to announce.
        const message = messages.get(row.key);
        if (message) taken.push({ key: row.key, events: [{ to: [], event: 'message:received', payload: { message } }] });
      }
      return taken;
    },
    async count() {
      const [row] = await client.query<{ count: number }>('SELECT count(*)::integer AS count FROM event_journal');
      return row?.count ?? 0;
    },
  };
  return journal;
}
