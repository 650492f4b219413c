import type { SqlClient, SqlExecutor, SqlParam } from './sqlClient';

/** What the outbox carries: e-mails to send and webhook deliveries to POST. */
export type OutboxKind = 'mail' | 'webhook';

export type OutboxStatus = 'pending' | 'done' | 'failed';

/** One attempt as the delivery log shows it. */
export interface OutboxAttempt {
  at: string;
  ok: boolean;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  error?: string;
  durationMs: number;
}

export interface OutboxItem<Payload = unknown> {
  id: number;
  kind: OutboxKind;
  lane: string | null;
  payload: Payload;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  createdAt: string;
  finishedAt: string | null;
  log: OutboxAttempt[];
}

/** A claimed item: `claim` proves the claim is still this worker's when it reports the outcome. */
export interface ClaimedItem<Payload = unknown> extends OutboxItem<Payload> {
  claim: string;
}

export interface NewOutboxItem {
  kind: OutboxKind;
  /** Items of one lane are handed out one at a time, in insertion order (a webhook target). */
  lane?: string;
  payload: unknown;
  maxAttempts: number;
}

export interface OutboxTable {
  /** Queues items in one statement, in the order given. */
  add(items: readonly NewOutboxItem[], tx?: SqlExecutor): Promise<void>;
  /**
   * Claims up to `limit` due items of `kind` for `leaseMs`: pending, due, not held by a live claim,
   * and each the oldest pending item of its lane. Counts the attempt. Rows are locked with
   * FOR UPDATE SKIP LOCKED, so nodes claiming at once never get the same item.
   */
  claim<Payload>(kind: OutboxKind, limit: number, leaseMs: number, claim: string): Promise<ClaimedItem<Payload>[]>;
  /** Records a successful attempt. */
  succeeded(item: ClaimedItem, attempt: OutboxAttempt): Promise<void>;
  /** Records a failed attempt: retried after `retryInMs`, or `failed` for good when that is undefined. */
  failed(item: ClaimedItem, attempt: OutboxAttempt, retryInMs: number | undefined): Promise<void>;
  /** The newest items of a kind, newest first (the delivery log). */
  list<Payload>(kind: OutboxKind, options?: { lane?: string; status?: OutboxStatus; limit?: number }): Promise<OutboxItem<Payload>[]>;
  /** Pending items of a kind (metrics, tests). */
  pendingCount(kind: OutboxKind): Promise<number>;
  /** Forgets finished items (done or failed) older than `olderThanMs`: the log is kept for a while, not forever. */
  prune(olderThanMs: number): Promise<number>;
}

interface OutboxRow {
  id: string | number;
  kind: OutboxKind;
  lane: string | null;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | string;
  created_at: Date | string;
  finished_at: Date | string | null;
  log: OutboxAttempt[];
  claim: string | null;
}

const columns = 'id, kind, lane, payload, status, attempts, max_attempts, next_attempt_at, created_at, finished_at, log, claim';

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function toItem<Payload>(row: OutboxRow): OutboxItem<Payload> {
  return {
    id: Number(row.id),
    kind: row.kind,
    lane: row.lane,
    payload: row.payload as Payload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
    log: row.log,
  };
}

/** Attempts kept per item in its log: the bound is the item's own attempts, this only guards the row's size. */
const maxLogEntries = 50;

export function createOutboxTable(client: SqlClient): OutboxTable {
  return {
    async add(items, tx) {
      if (items.length === 0) return;
      const params: SqlParam[] = [];
      const rows = items.map((item) => {
        params.push(item.kind, item.lane ?? null, JSON.stringify(item.payload), item.maxAttempts);
        const n = params.length;
        return `($${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n}::integer)`;
      });
      const sql = `INSERT INTO outbox (kind, lane, payload, max_attempts) VALUES ${rows.join(', ')}`;
      if (tx) await tx.query(sql, params);
      else await client.statement(sql, params);
    },
    async claim<Payload>(kind: OutboxKind, limit: number, leaseMs: number, claim: string) {
      const rows = await client.statement<OutboxRow>(
        `UPDATE outbox SET claim = $4, locked_until = now() + $3 * interval '1 millisecond', attempts = attempts + 1
         WHERE id IN (
           SELECT o.id FROM outbox o
           WHERE o.kind = $1 AND o.status = 'pending' AND o.next_attempt_at <= now()
             AND (o.locked_until IS NULL OR o.locked_until < now())
             AND (o.lane IS NULL OR NOT EXISTS (
               SELECT 1 FROM outbox p WHERE p.lane = o.lane AND p.status = 'pending' AND p.id < o.id))
           ORDER BY o.id
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
         RETURNING ${columns}`,
        [kind, limit, leaseMs, claim],
      );
      return rows.map((row) => ({ ...toItem<Payload>(row), claim })).sort((a, b) => a.id - b.id);
    },
    async succeeded(item, attempt) {
      await client.statement(
        `UPDATE outbox SET status = 'done', finished_at = now(), locked_until = NULL, claim = NULL,
           log = (log || $3::jsonb)
         WHERE id = $1 AND claim = $2`,
        [item.id, item.claim, JSON.stringify([attempt])],
      );
    },
    async failed(item, attempt, retryInMs) {
      const entry = JSON.stringify([attempt]);
      if (retryInMs === undefined) {
        await client.statement(
          `UPDATE outbox SET status = 'failed', finished_at = now(), locked_until = NULL, claim = NULL, log = (log || $3::jsonb)
           WHERE id = $1 AND claim = $2`,
          [item.id, item.claim, entry],
        );
        return;
      }
      await client.statement(
        `UPDATE outbox SET locked_until = NULL, claim = NULL, next_attempt_at = now() + $4 * interval '1 millisecond',
           log = CASE WHEN jsonb_array_length(log) >= ${maxLogEntries} THEN (log - 0) || $3::jsonb ELSE log || $3::jsonb END
         WHERE id = $1 AND claim = $2`,
        [item.id, item.claim, entry, Math.max(0, Math.round(retryInMs))],
      );
    },
    async list<Payload>(kind: OutboxKind, options: { lane?: string; status?: OutboxStatus; limit?: number } = {}) {
      const rows = await client.query<OutboxRow>(
        `SELECT ${columns} FROM outbox
         WHERE kind = $1 AND ($2::text IS NULL OR lane = $2) AND ($3::text IS NULL OR status = $3)
         ORDER BY id DESC LIMIT $4`,
        [kind, options.lane ?? null, options.status ?? null, options.limit ?? 100],
      );
      return rows.map((row) => toItem<Payload>(row));
    },
    async prune(olderThanMs) {
      const rows = await client.statement<{ id: string }>(
        `DELETE FROM outbox WHERE status <> 'pending' AND finished_at < now() - $1 * interval '1 millisecond' RETURNING id`,
        [Math.max(0, Math.round(olderThanMs))],
      );
      return rows.length;
    },
    async pendingCount(kind) {
      const [row] = await client.query<{ count: number }>(`SELECT count(*)::integer AS count FROM outbox WHERE kind = $1 AND status = 'pending'`, [kind]);
      return row?.count ?? 0;
    },
  };
}
