import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ClaimedItem, OutboxKind, OutboxTable } from '../store/outboxTable';
import type { RetryPolicy } from './backoff';
import { retryDelay } from './backoff';

/** A failed attempt; `status` is the receiver's HTTP status when it answered. */
export class AttemptError extends Error {
  override readonly name = 'AttemptError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface OutboxWorkerOptions<Payload> {
  table: OutboxTable;
  kind: OutboxKind;
  retry: RetryPolicy;
  /** How often to look for due items besides the kicks after queueing (default 1 s). */
  pollMs?: number;
  /** How long a claim holds an item; a node that dies mid-attempt frees it after this (default 60 s). */
  leaseMs?: number;
  /** Items claimed at once (default 20). */
  batch?: number;
  /** Does one attempt: resolves with the receiver's status, throws (best an `AttemptError`) on failure. */
  handle(item: ClaimedItem<Payload>): Promise<{ status?: number }>;
  logger: Logger;
  random?: () => number;
}

export interface OutboxWorker {
  start(): void;
  /** Looks for due items now (after this node queued some). */
  kick(): void;
  /** Stops polling and waits for the attempts in flight. */
  stop(): Promise<void>;
}

/**
 * Sends what the outbox holds, on every node: each pass claims due items (a claim is exclusive across
 * nodes), attempts them concurrently, and records the outcome — done, or retried after an
 * exponential, jittered delay, or failed after the last attempt. Nothing here runs on the path of a
 * client's event: a slow or hanging receiver holds only its own item (and its lane's next ones).
 */
export function createOutboxWorker<Payload>(options: OutboxWorkerOptions<Payload>): OutboxWorker {
  const { table, kind, retry, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function attempt(item: ClaimedItem<Payload>): Promise<void> {
    const started = Date.now();
    try {
      const { status } = await options.handle(item);
      await table.succeeded(item, { at: new Date(started).toISOString(), ok: true, ...(status !== undefined && { status }), durationMs: Date.now() - started });
    } catch (error) {
      const status = error instanceof AttemptError ? error.status : undefined;
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const delay = retryDelay(retry, item.attempts, options.random);
      logger.debug({ kind, id: item.id, attempts: item.attempts, err: message, retryInMs: delay }, 'outbox attempt failed');
      if (delay === undefined) logger.warn({ kind, id: item.id, attempts: item.attempts, err: message }, 'outbox item failed for good');
      await table.failed(
        item,
        { at: new Date(started).toISOString(), ok: false, ...(status !== undefined && { status }), error: message, durationMs: Date.now() - started },
        delay,
      );
    }
  }

  async function pass(): Promise<void> {
    do {
      again = false;
      const items = await table.claim<Payload>(kind, batch, leaseMs, randomUUID());
      if (items.length === 0) break;
      // Items of one lane are never claimed together (only a lane's oldest is due), so they stay in order.
      await Promise.all(items.map((item) => attempt(item).catch((error: unknown) => logger.error({ err: error, kind }, 'outbox bookkeeping failed'))));
      again = true;
    } while (again && !stopped);
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((error: unknown) => logger.debug({ err: error, kind }, 'outbox pass failed'))
      .finally(() => {
        running = undefined;
        if (again && !stopped) run();
      });
  }

  // Kicks after queueing come once per batch of events: gathered for a moment, they cost one claim
  // query, not one each (a receiver holding its lane's head would otherwise be asked for per message).
  let kickTimer: NodeJS.Timeout | undefined;
  function kick(): void {
    if (stopped || kickTimer) return;
    kickTimer = setTimeout(() => {
      kickTimer = undefined;
      run();
    }, 10);
  }

  return {
    start() {
      stopped = false;
      timer = setInterval(run, pollMs);
      timer.unref();
      run();
    },
    kick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (kickTimer) clearTimeout(kickTimer);
      await running;
    },
  };
}
