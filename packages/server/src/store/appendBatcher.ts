import type { MemberAppendResult, MessageDraft } from '@parley/engine';

/** A `messages:send` draft: the store dedups on `(chatId, clientId)`. */
export type AppendDraft = MessageDraft & { clientId: string };

/**
 * Runs one batch: the outcome of every draft, in the order given. Atomic and durable when it
 * resolves (one statement, one commit); when it rejects, nothing of the batch was stored.
 */
export type AppendBatchRunner = (drafts: readonly AppendDraft[]) => Promise<MemberAppendResult[]>;

export interface AppendBatcherOptions {
  run: AppendBatchRunner;
  /**
   * Batches that may be in flight at once, each on a lane of its own; a chat always takes the same
   * lane, so its messages are numbered in the order they arrived. PostgreSQL: several (its pool
   * commits them in parallel); PGlite: 1 (one connection).
   */
  lanes: number;
  /** Drafts in one statement at most (the rest wait for the lane's next batch). */
  maxBatch: number;
  /**
   * How long a lane waits for a batch before giving up on it, ms: a connection that went silent
   * (a half-open TCP link never answers) must not hold every chat of the lane for good. The
   * batch's sends are answered with a connection error (retryable: the client resends, and the
   * clientId makes the resend safe whatever the lost statement did), and the lane moves on.
   */
  stuckMs: number;
}

interface Pending {
  draft: AppendDraft;
  resolve: (result: MemberAppendResult) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  queue: Pending[];
  /** The batch in flight, if any. */
  current: Pending[] | undefined;
  scheduled: boolean;
}

/** A batch given up on: what the engine reports as the database being unavailable. */
export class AppendTimeoutError extends Error {
  override readonly name = 'AppendTimeoutError';
  readonly code = 'ETIMEDOUT';
}

/** FNV-1a: a cheap, stable spread of chat ids over the lanes. */
function laneOf(chatId: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < chatId.length; index++) hash = Math.imul(hash ^ chatId.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % lanes;
}

/**
 * Group commit for `messages:send`: the appends that arrive within one event-loop tick go to the
 * database as one multi-row statement, so many messages share one commit (one WAL flush on
 * PostgreSQL, one sync on PGlite) instead of one each. A lane runs one batch at a time; what arrives
 * meanwhile forms its next batch, sent the moment the one in flight commits — so under load batches
 * grow by themselves, and a lone message goes out on the next tick.
 *
 * A batch never holds two drafts with the same `(chatId, clientId)`: the second waits for the next
 * batch, where the store finds the first one stored and answers `duplicate` as for any resend.
 */
export function createAppendBatcher({ run, lanes, maxBatch, stuckMs }: AppendBatcherOptions) {
  const all: Lane[] = Array.from({ length: Math.max(1, lanes) }, () => ({ queue: [], current: undefined, scheduled: false }));

  function schedule(lane: Lane): void {
    if (lane.current || lane.scheduled || lane.queue.length === 0) return;
    lane.scheduled = true;
    // setImmediate: after the I/O callbacks of this tick, so every send that arrived in it joins.
    setImmediate(() => {
      lane.scheduled = false;
      void flush(lane);
    });
  }

  async function flush(lane: Lane): Promise<void> {
    if (lane.current || lane.queue.length === 0) return;
    const batch: Pending[] = [];
    const later: Pending[] = [];
    const keys = new Set<string>();
    for (const pending of lane.queue) {
      // The chat id's length first, so no two different pairs make the same key.
      const key = `${pending.draft.chatId.length}:${pending.draft.chatId}${pending.draft.clientId}`;
      if (batch.length >= maxBatch || keys.has(key)) later.push(pending);
      else {
        keys.add(key);
        batch.push(pending);
      }
    }
    lane.queue = later;
    lane.current = batch;
    let settled = false;
    const watchdog = setTimeout(() => {
      if (settled) return;
      settled = true;
      const error = new AppendTimeoutError(`the database did not answer an append batch within ${stuckMs} ms`);
      for (const pending of batch) pending.reject(error);
      release();
    }, stuckMs);
    watchdog.unref();
    const release = () => {
      if (lane.current !== batch) return;
      lane.current = undefined;
      // Straight on with what queued up meanwhile: it already waited one commit.
      if (lane.queue.length > 0) void flush(lane);
    };
    try {
      const results = await run(batch.map((pending) => pending.draft));
      if (!settled) batch.forEach((pending, index) => pending.resolve(results[index]!));
    } catch (error) {
      if (!settled) for (const pending of batch) pending.reject(error);
    } finally {
      settled = true;
      clearTimeout(watchdog);
      release();
    }
  }

  return function append(draft: AppendDraft): Promise<MemberAppendResult> {
    return new Promise((resolve, reject) => {
      const lane = all[laneOf(draft.chatId, all.length)]!;
      lane.queue.push({ draft, resolve, reject });
      schedule(lane);
    });
  };
}
