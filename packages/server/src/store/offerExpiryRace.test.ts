import { createChatEngine } from '@parley/engine';
import type { ChatEngine, OutgoingEvent } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrations';
import type { SqlClient } from './sqlClient';
import { createPostgresClient } from './sqlClient';
import { createSqlStore } from './sqlStore';
import { createThrowawayPostgres } from './testDatabases';
import type { Throwaway } from './testDatabases';

const chats = 16;
const agents = 8;
const maxAttempts = 4;
const intervalMs = 3_000;
/** Expiry units started at once per node and round: as if every offer's timer and every sweep fired together. */
const unitsPerNode = 8;

/**
 * Offer expiry on PostgreSQL with many expiry units racing on two "nodes" (two engines, each with its
 * own pool, on one database). Each offer must expire exactly once, at its deadline, as one jump, and
 * leave no invitation behind: 16 chats × 4 attempts are 64 offers, 64 expiries and 16 `forever:alone`.
 */
describe('offer expiry with racing units (PostgreSQL)', () => {
  let database: Throwaway<string>;
  const clients: SqlClient[] = [];
  beforeAll(async () => {
    database = await createThrowawayPostgres();
    const first = createPostgresClient({ connectionString: database.value, poolSize: 10 });
    await migrate(first);
    clients.push(first, createPostgresClient({ connectionString: database.value, poolSize: 10 }));
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    await database?.remove();
  });

  it('expires each offer once, at its deadline, with no dangling invitation', async () => {
    let now = Date.UTC(2026, 0, 1);
    const events: OutgoingEvent[] = [];
    const failures: unknown[] = [];
    // Timers never fire on their own here: the test starts every expiry unit itself.
    const idleTimer = { setTimeout: () => 0, clearTimeout: () => undefined };
    const nodes: ChatEngine[] = clients.map((client) =>
      createChatEngine({ store: createSqlStore(client), clock: { now: () => now }, timer: idleTimer, onError: (error) => failures.push(error) }),
    );
    for (const node of nodes) node.subscribe((batch) => events.push(...batch));
    const [nodeA] = nodes as [ChatEngine, ChatEngine];

    for (let i = 0; i < agents; i++) await nodeA.registerAgent({ id: `agent-${i}`, name: `Agent ${i}`, rooms: ['race'], capacity: 3, status: 'online' });
    for (let i = 0; i < chats; i++) {
      const visitor = await nodeA.registerVisitor({ name: `Visitor ${i}` });
      const actor = { id: visitor.id, role: 'user' as const };
      const created = await nodeA.execute(actor, 'chats:create', { room: 'race', source: 'web', creator: visitor.id });
      if (!created.ok) throw new Error(created.error.message);
      const assigned = await nodeA.execute(actor, 'chats:assign', { chatId: created.data.chat.id, interval: intervalMs / 1000, maxAttempts });
      if (!assigned.ok) throw new Error(assigned.error.message);
    }
    const count = (name: string) => events.filter((event) => event.event === name).length;
    expect(count('invitation:new')).toBe(chats);

    const raceAll = () => Promise.all(nodes.flatMap((node) => Array.from({ length: unitsPerNode }, () => node.expireDueOffers())));
    // A millisecond early, nothing is due.
    now += intervalMs - 1;
    await raceAll();
    expect(count('invitation:expired')).toBe(0);

    const perRound: number[] = [];
    for (let round = 1; round <= maxAttempts; round++) {
      now += round === 1 ? 1 : intervalMs;
      const before = count('invitation:expired');
      await raceAll();
      perRound.push(count('invitation:expired') - before);
    }
    expect(failures).toEqual([]);
    // One expiry per chat and round: 16 each time, 64 in all, one per offer made.
    expect(perRound).toEqual(Array(maxAttempts).fill(chats));
    expect(count('invitation:new')).toBe(chats * maxAttempts);
    expect(count('forever:alone')).toBe(chats);

    // Every invitation an agent got was withdrawn from that same agent: nothing dangles.
    const key = (event: OutgoingEvent) => `${event.to.join()}:${(event.payload as { chatId?: string; chat?: { id: string } }).chatId ?? (event.payload as { chat: { id: string } }).chat.id}`;
    const invited = events.filter((event) => event.event === 'invitation:new').map(key).sort();
    const withdrawn = events.filter((event) => event.event === 'invitation:expired').map(key).sort();
    expect(withdrawn).toEqual(invited);
    const [remaining] = await clients[0]!.query<{ offers: number; routed: number }>(
      `SELECT (SELECT count(*)::int FROM offers) AS offers, (SELECT count(*)::int FROM chats WHERE routing IS NOT NULL) AS routed`,
    );
    expect(remaining).toEqual({ offers: 0, routed: 0 });
    console.log(
      `[figures] concurrent offer expiry: ${chats} chats × ${maxAttempts} attempts, ${unitsPerNode * nodes.length} units racing per deadline ` +
        `on 2 nodes: expiries per offer 1.00 (${count('invitation:expired')}/${count('invitation:new')}), per round ${perRound.join('/')}, ` +
        `forever:alone ${count('forever:alone')}/${chats} after ${maxAttempts} intervals (${(maxAttempts * intervalMs) / 1000} s of clock)`,
    );
  }, 60_000);
});
