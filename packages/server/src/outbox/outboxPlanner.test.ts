import type { OutgoingEvent } from '@parley/engine';
import { createEngineFixture } from '@parley/engine/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqlClient } from '../store/sqlClient';
import type { SqlStore } from '../store/sqlStore';
import { createSqlStore } from '../store/sqlStore';
import { sharedClient, truncateStore, useMigratedClient } from '../store/testDatabases';
import type { OutboxConsumer, OutboxPlanner, PlannedEntry } from './outboxPlanner';
import { createOutboxPlanner } from './outboxPlanner';

const logger = pino({ level: process.env.PLANNER_LOG ?? 'silent' });

/** A consumer that records what it is asked to plan (as a webhook consumer would queue it). */
function recorder(wants = true) {
  const planned: PlannedEntry[] = [];
  const consumer: OutboxConsumer = {
    async plan(entries) {
      planned.push(...entries);
      return false;
    },
    kick: () => undefined,
    reads: (events) => (wants ? events.filter((event) => event.event === 'message:received' || event.event === 'chat:updated') : []),
    wantsMessages: () => wants,
  };
  /** The messages planned, by text, in the order they were planned. */
  const messages = () =>
    planned.flatMap((entry) => ('events' in entry ? entry.events : [])).flatMap((event: OutgoingEvent) => (event.event === 'message:received' ? [event.payload.message.message] : []));
  return { consumer, planned, messages };
}

async function journalSize(client: SqlClient): Promise<number> {
  const [row] = await client.query<{ count: number }>('SELECT count(*)::integer AS count FROM event_journal');
  return row!.count;
}

/** A visitor's chat taken by an agent, then `count` messages sent by the visitor. */
async function conversation(store: SqlStore, count: number, observe?: OutboxPlanner['observe']) {
  const fx = createEngineFixture({ store });
  if (observe) fx.engine.subscribe(observe);
  await fx.agent('a1', ['support']);
  const vera = await fx.visitor('Vera');
  const chatId = await fx.chat(vera, 'support');
  const texts = Array.from({ length: count }, (_, index) => `message ${index + 1}`);
  await Promise.all(texts.map((message, index) => fx.ok(vera, 'messages:send', { chatId, clientId: `c${index}`, type: 'text', message })));
  fx.engine.stop();
  return texts;
}

function plannerTests(db: () => SqlClient) {
  let store: SqlStore;
  let planners: OutboxPlanner[] = [];
  /** A planner of a node, stopped after the test whatever happens (a sweep left running would take the next test's entries). */
  function node(options: Omit<Parameters<typeof createOutboxPlanner>[0], 'sql' | 'journal' | 'logger'>): OutboxPlanner {
    const planner = createOutboxPlanner({ sql: db(), journal: store.journal, logger, ...options });
    planners.push(planner);
    return planner;
  }
  beforeEach(async () => {
    await truncateStore(db());
    store = createSqlStore(sharedClient(db()));
  });
  afterEach(async () => {
    for (const planner of planners) await planner.stop();
    planners = [];
  });

  it('queues what a node committed and died before queueing, once, on another node, in commit order', async () => {
    // The node that commits: its planner set what is journaled, and it dies before queueing anything.
    const dead = recorder();
    node({ consumers: [dead.consumer] });
    const texts = await conversation(store, 12);
    expect(await journalSize(db())).toBeGreaterThanOrEqual(13);

    const survivor = recorder();
    const other = node({ consumers: [survivor.consumer], staleMs: 0, sweepMs: 20 });
    other.start();
    await vi.waitFor(() => expect(survivor.messages()).toHaveLength(12), { timeout: 10_000 });
    // Concurrent sends commit in some order: the sweep plans them in that order, which is seq order.
    expect([...survivor.messages()].sort()).toEqual([...texts].sort());
    const seqs = survivor.planned.flatMap((entry) => ('events' in entry ? entry.events : [])).flatMap((event) => (event.event === 'message:received' ? [event.payload.message.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The chat's creation came first, from its unit's entry.
    expect('events' in survivor.planned[0]! && survivor.planned[0].events.some((event) => event.event === 'chat:updated' && event.created)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.stop();
    expect(survivor.messages()).toHaveLength(12);
    expect(dead.planned).toEqual([]);
    expect(await journalSize(db())).toBe(0);
  });

  it('queues each entry once when the live path and another node’s sweep race for it', async () => {
    const live = recorder();
    const planner = node({ consumers: [live.consumer], gatherMs: 30 });
    const sweeper = recorder();
    const other = node({ consumers: [sweeper.consumer], staleMs: 0, sweepMs: 5 });
    other.start();
    const texts = await conversation(store, 30, (events, sentOver, journal) => planner.observe(events, sentOver, journal));
    await planner.settled();
    await vi.waitFor(async () => expect(await journalSize(db())).toBe(0), { timeout: 10_000 });
    await other.stop();
    await planner.stop();
    const all = [...live.messages(), ...sweeper.messages()];
    expect(all.sort()).toEqual([...texts].sort());
  });

  it('journals nothing while no consumer needs the events', async () => {
    const idle = recorder(false);
    const planner = node({ consumers: [idle.consumer] });
    await conversation(store, 5, (events, sentOver, journal) => planner.observe(events, sentOver, journal));
    await planner.settled();
    expect(await journalSize(db())).toBe(0);
    expect(idle.planned).toEqual([]);
  });

  it('publishes an event only with its stored cause, in the same commit', async () => {
    const hooks = recorder();
    const planner = node({ consumers: [hooks.consumer] });
    expect(await planner.publish({ type: 'refused' }, async () => false)).toBe(false);
    expect(await planner.publish({ type: 'stored' }, async (tx) => (await tx.query('SELECT 1')).length === 1)).toBe(true);
    await vi.waitFor(() => expect(hooks.planned).toEqual([{ published: { type: 'stored' } }]));
    await planner.stop();
    expect(await journalSize(db())).toBe(0);
  });
}

describe('outbox planner on PGlite', () => {
  plannerTests(useMigratedClient('PGlite'));
});

describe('outbox planner on PostgreSQL', () => {
  plannerTests(useMigratedClient('PostgreSQL', { poolSize: 6 }));
});

describe('the journal sweep while the database is away', () => {
  it('hands the failure to `absorb` (one log line per outage, in health) instead of a warning per sweep', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      const sql = { transaction: () => Promise.reject(away) } as unknown as SqlClient;
      const warnings: unknown[] = [];
      const quiet = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
      const absorbed: Record<string, unknown>[] = [];
      const planner = createOutboxPlanner({
        sql,
        journal: {} as SqlStore['journal'],
        consumers: [recorder().consumer],
        logger: quiet,
        sweepMs: 1_000,
        absorb: (_error, context) => {
          absorbed.push(context);
          return true;
        },
      });
      planner.start();
      await vi.advanceTimersByTimeAsync(5_500);
      await planner.stop();
      expect(absorbed.length).toBeGreaterThanOrEqual(5);
      expect(absorbed[0]).toMatchObject({ source: 'outbox planner', what: 'the journal sweep failed' });
      expect(warnings).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
