import type { OutgoingEvent } from '@parley/engine';
import type { WebhookBody } from '@parley/protocol';
import type { Logger } from 'pino';
import type { RetryPolicy } from '../outbox/backoff';
import type { OutboxConsumer } from '../outbox/outboxPlanner';
import { AttemptError, createOutboxWorker } from '../outbox/outboxWorker';
import type { OutboxItem } from '../store/outboxTable';
import type { SqlExecutor } from '../store/sqlClient';
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

export interface WebhookService extends OutboxConsumer {
  targets: WebhookTargets;
  deliveries(options: { webhookId?: string; status?: WebhookDelivery['status']; limit?: number }): Promise<WebhookDelivery[]>;
  listTargets(): Promise<PublicWebhookTarget[]>;
  /** Starts the worker and the reading of targets; resolves once the targets were read. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The engine's events that become webhook events, and the webhook event each one is. */
const webhookTypeOf: Partial<Record<OutgoingEvent['event'], WebhookBody['type']>> = {
  'message:received': 'chat.message',
  'user:joined': 'chat.assigned',
  'chat:closed': 'chat.closed',
};

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

  /**
   * The targets as last read, and their event types. Planning runs inside the queueing transaction,
   * which on PGlite holds the one connection: it must not query outside it, so it uses these. Read
   * every second, and at once after a change on this node.
   */
  let known: WebhookTarget[] = [];
  let wanted = new Set<WebhookBody['type']>();
  async function refreshKnown(): Promise<void> {
    known = await targets.list();
    wanted = new Set(known.flatMap((target) => target.events));
  }
  let refreshTimer: NodeJS.Timeout | undefined;

  async function roomsOf(chatIds: string[], tx: SqlExecutor): Promise<Map<string, string>> {
    const rows = await tx.query<{ id: string; room: string }>('SELECT id, room FROM chats WHERE id = ANY($1::text[])', [chatIds]);
    return new Map(rows.map((row) => [row.id, row.room]));
  }

  function wants(event: OutgoingEvent): boolean {
    // A chat's state travels with the user:joined or chat:closed it explains (their room comes from it).
    if (event.event === 'chat:updated') return wanted.has('chat.created') || wanted.has('chat.assigned') || wanted.has('chat.closed');
    const type = webhookTypeOf[event.event];
    return type !== undefined && wanted.has(type);
  }

  return {
    targets: {
      list: () => targets.list(),
      async add(input) {
        const target = await targets.add(input);
        await refreshKnown();
        return target;
      },
      async remove(id) {
        const removed = await targets.remove(id);
        await refreshKnown();
        return removed;
      },
    },
    reads(events) {
      return wanted.size === 0 ? [] : events.filter(wants);
    },
    wantsMessages: () => wanted.has('chat.message'),
    /**
     * The entries' webhook events (in commit order) addressed to the targets that want them, queued in
     * one insert; a message's room is taken from the entries' own chats, else from the store.
     */
    async plan(entries, tx) {
      const all = known;
      if (all.length === 0) return false;
      const rooms = new Map<string, string>();
      const unknown = new Set<string>();
      for (const entry of entries) {
        if ('events' in entry) for (const event of entry.events) if (event.event === 'chat:updated') rooms.set(event.payload.chat.id, event.payload.chat.room);
      }
      for (const entry of entries) {
        if (!('events' in entry)) continue;
        for (const event of entry.events) if (event.event === 'message:received' && !rooms.has(event.payload.message.chatId)) unknown.add(event.payload.message.chatId);
      }
      if (unknown.size > 0) for (const [chatId, room] of await roomsOf([...unknown], tx)) rooms.set(chatId, room);
      const events: WebhookEvent[] = [];
      for (const entry of entries) {
        if ('events' in entry) events.push(...(await webhookEventsOf(entry.events, async () => rooms)));
        else events.push(entry.published as WebhookEvent);
      }
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
      if (items.length === 0) return false;
      await store.outbox.add(items, tx);
      return true;
    },
    kick: () => worker.kick(),
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
    async start() {
      worker.start();
      // Every node learns of targets added elsewhere within a second (the targets' own cache).
      const refresh = () => refreshKnown().then(() => undefined, (error: unknown) => logger.debug({ err: error }, 'webhook targets could not be read'));
      refreshTimer ??= setInterval(refresh, 1_000);
      refreshTimer.unref();
      await refresh();
    },
    async stop() {
      clearInterval(refreshTimer);
      stopping.abort();
      await worker.stop();
    },
  };
}
