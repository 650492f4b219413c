import type { OutgoingEvent } from '@parley/engine';
import type { WebhookBody } from '@parley/protocol';
import type { Logger } from 'pino';
import type { RetryPolicy } from '../outbox/backoff';
import { AttemptError, createOutboxWorker } from '../outbox/outboxWorker';
import type { OutboxItem } from '../store/outboxTable';
import type { SqlStore } from '../store/sqlStore';
import { signWebhook } from './signature';
import type { WebhookEvent } from './webhookEvents';
import { webhookEventsOf } from './webhookEvents';
import type { PublicWebhookTarget, WebhookTarget, WebhookTargets } from './webhookTargets';
import { createWebhookTargets, publicTarget } from './webhookTargets';

/** What a queued delivery holds: the body exactly as it is signed and sent, and its target. */
export interface WebhookDeliveryJob {
  targetId: string;
  url: string;
  type: WebhookBody['type'];
  eventId: string;
  body: string;
}

/** One row of the delivery log (`GET /v1/webhooks/deliveries`). */
export interface WebhookDelivery {
  id: number;
  webhookId: string;
  url: string;
  event: WebhookBody['type'];
  eventId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  log: OutboxItem['log'];
}

export interface WebhookServiceOptions {
  store: SqlStore;
  fromFile: readonly WebhookTarget[];
  retry: RetryPolicy;
  /** A receiver that has not answered after this long counts as failed (default 10 s). */
  timeoutMs?: number;
  pollMs?: number;
  logger: Logger;
}

export interface WebhookService {
  targets: WebhookTargets;
  /** The engine's event stream: each batch's webhook events are queued, after the fact. */
  observe(events: readonly OutgoingEvent[]): void;
  /**
   * Queues an event that does not come from the engine's stream (the hook point for `chat.rated`:
   * whatever records a rating calls it with the chat and the rating).
   */
  publish(event: WebhookEvent): void;
  deliveries(options: { webhookId?: string; status?: WebhookDelivery['status']; limit?: number }): Promise<WebhookDelivery[]>;
  listTargets(): Promise<PublicWebhookTarget[]>;
  /** Resolves when everything observed so far is queued (tests, shutdown). */
  settled(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Webhooks: events are turned into signed deliveries in the outbox, one row per target, and POSTed by
 * the outbox worker on whichever node claims them — once, in order per target, retried with
 * exponential backoff and full jitter up to `retry.maxAttempts`. The message path never waits for
 * any of it: queueing happens after the command has answered, and sending on the worker.
 */
export function createWebhookService(options: WebhookServiceOptions): WebhookService {
  const { store, logger } = options;
  const targets = createWebhookTargets(store.sql, options.fromFile);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let chain: Promise<void> = Promise.resolve();
  // A shutdown does not wait for receivers: requests in flight are cut (and retried by a live node).
  const stopping = new AbortController();

  const worker = createOutboxWorker<WebhookDeliveryJob>({
    table: store.outbox,
    kind: 'webhook',
    retry: options.retry,
    ...(options.pollMs !== undefined && { pollMs: options.pollMs }),
    // A claim outlives the longest attempt, so no other node takes the item while it is in flight.
    leaseMs: timeoutMs * 2 + 5_000,
    logger,
    async handle(item) {
      const target = (await targets.list()).find((candidate) => candidate.id === item.payload.targetId);
      if (!target) throw new AttemptError('the webhook was removed');
      const signature = signWebhook(target.secret, item.payload.body, Math.floor(Date.now() / 1000));
      let response: Response;
      try {
        response = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Parley-Webhooks/1',
            'parley-signature': signature,
            'parley-event': item.payload.type,
            'parley-delivery': item.payload.eventId,
            'parley-attempt': String(item.attempts),
          },
          body: item.payload.body,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
          redirect: 'manual',
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        if (stopping.signal.aborted) throw new AttemptError('cut short by a shutdown');
        throw new AttemptError(timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${(error as Error).message}`);
      }
      // The answer's body is not read beyond what it takes to free the connection.
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) throw new AttemptError(`answered HTTP ${response.status}`, response.status);
      return { status: response.status };
    },
  });

  async function queue(events: readonly WebhookEvent[]): Promise<void> {
    if (events.length === 0) return;
    const all = await targets.list();
    const items = events.flatMap((event) =>
      all
        .filter((target) => target.events.includes(event.body.type) && (target.room === undefined || target.room === event.room))
        .map((target) => ({
          kind: 'webhook' as const,
          lane: target.id,
          maxAttempts: options.retry.maxAttempts,
          payload: { targetId: target.id, url: target.url, type: event.body.type, eventId: event.body.id, body: JSON.stringify(event.body) } satisfies WebhookDeliveryJob,
        })),
    );
    if (items.length === 0) return;
    await store.outbox.add(items);
    worker.kick();
  }

  async function roomsOf(chatIds: string[]): Promise<Map<string, string>> {
    const rows = await store.sql.query<{ id: string; room: string }>('SELECT id, room FROM chats WHERE id = ANY($1::text[])', [chatIds]);
    return new Map(rows.map((row) => [row.id, row.room]));
  }

  const gatherMs = 25;
  /** Batches of the stream, and published events, waiting to be queued, in the order they came. */
  let buffer: ({ batch: readonly OutgoingEvent[] } | { published: WebhookEvent })[] = [];
  let draining = false;

  /**
   * Queues everything buffered with one room lookup and one insert: under load many batches gather
   * while one insert runs, so the cost per message falls as the rate rises. One drain at a time, in
   * the stream's order: a target's deliveries are queued in the order the events happened.
   */
  async function drain(): Promise<void> {
    while (buffer.length > 0) {
      const taken = buffer;
      buffer = [];
      if ((await targets.list()).length === 0) continue;
      // Rooms of the chats the messages are in: from the drained batches' own chats, else the store.
      const rooms = new Map<string, string>();
      const unknown = new Set<string>();
      for (const item of taken) {
        if (!('batch' in item)) continue;
        for (const event of item.batch) if (event.event === 'chat:updated') rooms.set(event.payload.chat.id, event.payload.chat.room);
        for (const event of item.batch) if (event.event === 'message:received' && !rooms.has(event.payload.message.chatId)) unknown.add(event.payload.message.chatId);
      }
      if (unknown.size > 0) for (const [chatId, room] of await roomsOf([...unknown])) rooms.set(chatId, room);
      const events: WebhookEvent[] = [];
      for (const item of taken) {
        if ('batch' in item) events.push(...(await webhookEventsOf(item.batch, async () => rooms)));
        else events.push(item.published);
      }
      await queue(events);
    }
  }

  function enqueue(item: { batch: readonly OutgoingEvent[] } | { published: WebhookEvent }): void {
    buffer.push(item);
    if (draining) return;
    draining = true;
    chain = chain
      // Gathered for a moment first: on PGlite every insert is a commit (a sync to disk) that the next
      // message's append waits behind, so one insert per burst instead of one per message.
      .then(() => new Promise((resolve) => setTimeout(resolve, gatherMs)))
      .then(drain)
      .catch((error: unknown) => logger.warn({ err: error }, 'queueing webhooks failed'))
      .finally(() => {
        draining = false;
        if (buffer.length > 0) enqueue(buffer.pop()!);
      });
  }

  return {
    targets,
    observe(events) {
      if (!events.some((event) => event.event === 'chat:updated' || event.event === 'message:received' || event.event === 'user:joined' || event.event === 'chat:closed')) return;
      enqueue({ batch: events });
    },
    publish(event) {
      enqueue({ published: event });
    },
    async deliveries({ webhookId, status, limit }) {
      const outboxStatus = status === 'delivered' ? 'done' : status;
      const items = await store.outbox.list<WebhookDeliveryJob>('webhook', {
        ...(webhookId !== undefined && { lane: webhookId }),
        ...(outboxStatus !== undefined && { status: outboxStatus }),
        ...(limit !== undefined && { limit }),
      });
      return items.map((item) => ({
        id: item.id,
        webhookId: item.payload.targetId,
        url: item.payload.url,
        event: item.payload.type,
        eventId: item.payload.eventId,
        status: item.status === 'done' ? 'delivered' : item.status,
        attempts: item.attempts,
        maxAttempts: item.maxAttempts,
        nextAttemptAt: item.status === 'pending' ? item.nextAttemptAt : null,
        createdAt: item.createdAt,
        finishedAt: item.finishedAt,
        log: item.log,
      }));
    },
    async listTargets() {
      return (await targets.list()).map(publicTarget);
    },
    settled: () => chain,
    start: () => worker.start(),
    async stop() {
      await chain;
      stopping.abort();
      await worker.stop();
    },
  };
}
