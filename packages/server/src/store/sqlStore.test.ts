import type { ChatRecord, StoreTransaction } from '@parley/engine';
import { describeStoreContract, sampleChat as chat, sampleDraft as draft } from '@parley/engine/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations';
import { openSqlStore } from './openStore';
import type { SqlClient } from './sqlClient';
import { createPgliteClient, createPostgresClient } from './sqlClient';
import { createSqlStore } from './sqlStore';
import type { SqlStore, SqlStoreSettings } from './sqlStore';
import { createTempDataDir, createThrowawayPostgres, sharedClient, truncateStore, useMigratedClient } from './testDatabases';

// PGlite boots a WASM PostgreSQL (seconds on a fresh directory); PostgreSQL creates a database.
const setupTimeout = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One migrated database per suite; each contract test gets a store over the same client with the
 * tables emptied (booting PGlite or creating a database per test would take minutes).
 */
function contractOn(name: string, client: () => SqlClient) {
  describeStoreContract(name, async () => {
    await truncateStore(client());
    const store = createSqlStore(sharedClient(client()));
    return { store, cleanup: () => store.close() };
  });
}

function credentialsTests(store: () => SqlStore) {
  it('keeps agent credentials, replacing them on a second put', async () => {
    expect(await store().getCredentials('ada')).toBeUndefined();
    await store().putCredentials('ada', 'agent-ada', 'hash-1');
    expect(await store().getCredentials('ada')).toStrictEqual({ userId: 'agent-ada', passwordHash: 'hash-1' });
    await store().putCredentials('ada', 'agent-ada', 'hash-2');
    expect(await store().getCredentials('ada')).toStrictEqual({ userId: 'agent-ada', passwordHash: 'hash-2' });
  });
}

/**
 * The sends of one tick go to the database as one statement (see `createAppendBatcher`); each keeps
 * its own outcome, and each chat's messages get that chat's next seqs, whatever else is in the batch.
 */
function batchTests(client: () => SqlClient) {
  /**
   * A store on an empty database whose single statements (the appends) are reported to `seen`, with
   * three chats: c1 (v1 and a1), c2 (v1, holding m-old under clientId k-old) and c3 (closed).
   */
  async function storeWithChats(seen: (sql: string) => void, settings: SqlStoreSettings = {}): Promise<SqlStore> {
    await truncateStore(client());
    const inner = sharedClient(client());
    const store = createSqlStore(
      {
        ...inner,
        statement: (sql, params) => {
          seen(sql);
          return inner.statement(sql, params);
        },
      },
      settings,
    );
    await store.transaction(async (tx) => {
      await tx.insertChat(chat('c1', { users: ['v1', 'a1'] }));
      await tx.insertChat(chat('c2', { users: ['v1'], lastSeq: 0 }));
      await tx.insertChat(chat('c3', { users: ['v1'], status: 'closed' }));
      await tx.appendMessage(draft('c2', 'm-old', 'k-old'));
    });
    return store;
  }

  it('appends one tick of sends to several chats in one statement, each with its own outcome and its chat\'s seqs', async () => {
    let statements = 0;
    const store = await storeWithChats(() => statements++);
    const send = (chatId: string, id: string, clientId: string, sender = 'v1') =>
      store.appendMessageIfMember({ ...draft(chatId, id), clientId, sender });
    const results = await Promise.all([
      send('c1', 'm1', 'k1'),
      send('c2', 'm2', 'k2'),
      send('c1', 'm3', 'k3', 'a1'),
      send('c2', 'm4', 'k-old'), // a resend of a stored message
      send('c1', 'm5', 'k1'), // the same clientId twice in one tick: the second is the resend
      send('c1', 'm6', 'k6', 'a2'), // not a member
      send('c3', 'm7', 'k7'), // closed
      send('c9', 'm8', 'k8'), // no such chat
      send('c2', 'm9', 'k9'),
    ]);
    expect(results.map((result) => result.outcome)).toEqual([
      'created',
      'created',
      'created',
      'duplicate',
      'duplicate',
      'not_member',
      'closed',
      'no_chat',
      'created',
    ]);
    const seqOf = (index: number) => (results[index] as { message: { id: string; seq: number } }).message;
    expect([seqOf(0), seqOf(2)]).toMatchObject([{ id: 'm1', seq: 1 }, { id: 'm3', seq: 2 }]);
    expect([seqOf(1), seqOf(3), seqOf(8)]).toMatchObject([{ id: 'm2', seq: 2 }, { id: 'm-old', seq: 1 }, { id: 'm9', seq: 3 }]);
    expect(seqOf(4)).toMatchObject({ id: 'm1', seq: 1 });
    expect(results[0]).toMatchObject({ users: ['v1', 'a1'] });
    // One statement for the tick (PostgreSQL: one per lane, 2 by default), one more for the resend
    // held back to the next batch, rather than one per send.
    if (client().dialect === 'pglite') expect(statements).toBe(2);
    else expect(statements).toBeLessThanOrEqual(3);
    const chats = await store.transaction(async (tx) => [await tx.getChat('c1'), await tx.getChat('c2'), await tx.getChat('c3')]);
    expect(chats.map((stored) => stored?.lastSeq)).toEqual([2, 3, 0]);
    const page = await store.transaction((tx) => tx.listMessages('c1', { limit: 10 }));
    expect(page.messages.map((message) => [message.id, message.seq])).toEqual([
      ['m1', 1],
      ['m3', 2],
    ]);
  });

  it('with one append lane, sends one statement for a tick of sends to many chats', async () => {
    let statements = 0;
    const store = await storeWithChats(() => statements++, { appendLanes: 1 });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) => store.appendMessageIfMember({ ...draft(index % 2 === 0 ? 'c1' : 'c2', `m${index}`), clientId: `k${index}`, sender: 'v1' })),
    );
    expect(results.map((result) => result.outcome)).toEqual(Array(12).fill('created'));
    expect(statements).toBe(1);
  });

  it('closes the client only once the sends and units in flight have finished', async () => {
    await truncateStore(client());
    const order: string[] = [];
    const store = createSqlStore({ ...sharedClient(client()), close: async () => void order.push('client closed') });
    await store.transaction((tx) => tx.insertChat(chat('c1', { users: ['v1'] })));
    const sent = store.appendMessageIfMember({ ...draft('c1', 'm1'), clientId: 'k1' }).then((result) => order.push(result.outcome));
    const read = store.transaction((tx) => tx.getChat('c1')).then((found) => order.push(`read ${found?.id}`));
    await store.close();
    await Promise.all([sent, read]);
    expect(order).toHaveLength(3);
    expect(order.at(-1)).toBe('client closed');
  });

  it('stores the text of a batch exactly: quotes, backslashes, braces, commas, "NULL", and a file\'s JSON', async () => {
    const store = await storeWithChats(() => undefined);
    const texts = ['say "hi"', 'C:\\dir\\', '{a,b}', 'NULL', 'é ✓\nline'];
    const file = { id: 'f1', name: 'a "quoted" \\ name,{x}.txt', mimeType: 'text/plain', size: 3 };
    const sendAll = (idPrefix: string) =>
      Promise.all([
        ...texts.map((message, index) => store.appendMessageIfMember({ ...draft('c1', `${idPrefix}${index}`), clientId: `k${index}`, message })),
        store.appendMessageIfMember({ ...draft('c1', `${idPrefix}f`), clientId: 'kf', type: 'file', message: '', file }),
      ]);
    const results = await sendAll('m');
    expect(results.map((result) => result.outcome)).toEqual(Array(texts.length + 1).fill('created'));
    const page = await store.transaction((tx) => tx.listMessages('c1', { limit: 10 }));
    expect(page.messages.map((message) => message.message)).toEqual([...texts, '']);
    expect(page.messages.at(-1)).toMatchObject({ type: 'file', file });
    // Resent: each comes back as the stored first copy, read from the database, equal to what the
    // first send answered from its draft.
    const resent = await sendAll('again-');
    expect(resent.map((result) => result.outcome)).toEqual(Array(texts.length + 1).fill('duplicate'));
    expect(resent.map((result) => (result as { message: unknown }).message)).toStrictEqual(results.map((result) => (result as { message: unknown }).message));
    expect(page.messages).toStrictEqual(results.map((result) => (result as { message: unknown }).message));
  });

  it('appends a lone send with the one-draft function (migration 17), with the batch\'s outcomes', async () => {
    const functions: string[] = [];
    const store = await storeWithChats((sql) => functions.push(/parley_append_(one|batch)/.exec(sql)?.[0] ?? 'other'));
    // One at a time: every batch holds one draft.
    const results = [];
    for (const [chatId, id, clientId, sender] of [
      ['c1', 'm1', 'k1', 'v1'],
      ['c1', 'm3', 'k3', 'a1'],
      ['c2', 'm4', 'k-old', 'v1'], // a resend of a stored message
      ['c1', 'm5', 'k1', 'v1'], // a resend of m1
      ['c1', 'm6', 'k6', 'a2'], // not a member
      ['c3', 'm7', 'k7', 'v1'], // closed
      ['c9', 'm8', 'k8', 'v1'], // no such chat
      ['c2', 'm9', 'k9', 'v1'],
    ] as const) {
      results.push(await store.appendMessageIfMember({ ...draft(chatId, id), clientId, sender }));
    }
    expect(functions).toEqual(Array(8).fill('parley_append_one'));
    expect(results.map((result) => result.outcome)).toEqual(['created', 'created', 'duplicate', 'duplicate', 'not_member', 'closed', 'no_chat', 'created']);
    expect(results[0]).toStrictEqual({ outcome: 'created', message: { ...draft('c1', 'm1'), clientId: 'k1', sender: 'v1', seq: 1 }, users: ['v1', 'a1'] });
    expect(results[1]).toMatchObject({ message: { id: 'm3', seq: 2 } });
    const stored = await store.transaction((tx) => tx.getMessage('m-old'));
    expect(results[2]).toStrictEqual({ outcome: 'duplicate', message: stored });
    expect(results[3]).toMatchObject({ outcome: 'duplicate', message: { id: 'm1', seq: 1 } });
    expect(results[7]).toMatchObject({ message: { id: 'm9', seq: 2 } });
    const chats = await store.transaction(async (tx) => [await tx.getChat('c1'), await tx.getChat('c2'), await tx.getChat('c3')]);
    expect(chats.map((row) => row?.lastSeq)).toEqual([2, 2, 0]);
  });
}

/** `Chat.origin`: the server marks the row (the mail planner), the engine's writes never undo it. */
function originTests(db: () => SqlClient) {
  it('reads a chat\'s origin from its row, and keeps it through the engine\'s updates', async () => {
    await truncateStore(db());
    const store = createSqlStore(sharedClient(db()));
    await store.transaction((tx) => tx.insertChat(chat('live')));
    await store.transaction((tx) => tx.insertChat(chat('left')));
    await db().query(`UPDATE chats SET origin = 'offline-message' WHERE id = $1`, ['left']);
    const [live, left] = await store.transaction(async (tx) => [await tx.getChat('live'), await tx.getChat('left', { lock: true })]);
    expect(live?.origin).toBeUndefined();
    expect(left?.origin).toBe('offline-message');
    // A unit that loaded the chat before the mark writes it back without one: the mark stays.
    await store.transaction((tx) => tx.updateChat({ ...left!, origin: undefined, status: 'active', assignee: 'ada', users: [...left!.users, 'ada'] }));
    expect((await store.transaction((tx) => tx.getChat('left')))?.origin).toBe('offline-message');
    expect((await store.transaction((tx) => tx.listUserChats('v1'))).map((c) => c.origin).sort()).toEqual(['offline-message', undefined]);
  });
}

describe('SQL store on PGlite', () => {
  const db = useMigratedClient('PGlite');

  contractOn('SQL on PGlite', db);
  batchTests(db);
  originTests(db);

  it(
    'migration 13 moves offline-message chats from offline_chats onto the chat (origin) and drops the table',
    async () => {
      const own = await createTempDataDir();
      const client = await createPgliteClient(own.value);
      try {
        await migrate(client, migrations.filter((migration) => migration.id < 13));
        const store = createSqlStore(sharedClient(client));
        await store.transaction((tx) => tx.insertChat(chat('left')));
        await store.transaction((tx) => tx.insertChat(chat('live')));
        await client.query('INSERT INTO offline_chats (chat_id) VALUES ($1)', ['left']);
        expect(await migrate(client, migrations.filter((migration) => migration.id <= 13))).toEqual([13]);
        const rows = await client.query<{ id: string; origin: string | null }>('SELECT id, origin FROM chats ORDER BY id');
        expect(rows).toEqual([
          { id: 'left', origin: 'offline-message' },
          { id: 'live', origin: null },
        ]);
        expect(await client.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'offline_chats'`)).toEqual([]);
      } finally {
        await client.close();
        await own.remove();
      }
    },
    setupTimeout,
  );

  describe('credentials', () => {
    let store: SqlStore;
    beforeAll(async () => {
      await truncateStore(db());
      store = createSqlStore(sharedClient(db()));
    });
    credentialsTests(() => store);
  });

  it(
    'is durable: what one store wrote, the next one opened on the same directory reads',
    async () => {
      const own = await createTempDataDir();
      try {
        const first = await openSqlStore({ dataDir: own.value });
        await first.transaction(async (tx) => {
          await tx.insertUser({ id: 'v1', role: 'user', name: 'Vera', extraInfo: { plan: 'pro' } });
          await tx.insertChat(chat('c1'));
          await tx.appendMessage(draft('c1', 'm1', 'k1'));
          await tx.setReadSeq('c1', 'v1', 1);
        });
        await first.putCredentials('ada', 'agent-ada', 'hash');
        await first.close();

        const second = await openSqlStore({ dataDir: own.value });
        const back = await second.transaction(async (tx) => ({
          user: await tx.getUser('v1'),
          chat: await tx.getChat('c1'),
          messages: (await tx.listMessages('c1', { limit: 10 })).messages,
          readSeq: await tx.getReadSeq('c1', 'v1'),
        }));
        expect(back).toStrictEqual({
          user: { id: 'v1', role: 'user', name: 'Vera', extraInfo: { plan: 'pro' } },
          chat: { ...chat('c1'), lastSeq: 1 },
          messages: [{ ...draft('c1', 'm1', 'k1'), seq: 1 }],
          readSeq: 1,
        });
        expect(await second.getCredentials('ada')).toStrictEqual({ userId: 'agent-ada', passwordHash: 'hash' });
        // The resend after a restart is still recognised.
        const resend = await second.transaction((tx) => tx.appendMessage(draft('c1', 'm2', 'k1')));
        expect(resend).toMatchObject({ created: false, message: { id: 'm1', seq: 1 } });
        await second.close();
      } finally {
        await own.remove();
      }
    },
    setupTimeout,
  );

  it(
    'creates the data directory and runs each migration once, however often it is opened',
    async () => {
      const own = await createTempDataDir();
      const dataDir = `${own.value}/nested/data`;
      try {
        await (await openSqlStore({ dataDir })).close();
        await (await openSqlStore({ dataDir })).close();
        const reopened = await createPgliteClient(dataDir);
        try {
          expect(await migrate(reopened)).toEqual([]);
          const applied = await reopened.query<{ id: number }>('SELECT id FROM parley_migrations ORDER BY id');
          expect(applied.map((row) => row.id)).toEqual(migrations.map((migration) => migration.id).sort((a, b) => a - b));
        } finally {
          await reopened.close();
        }
      } finally {
        await own.remove();
      }
    },
    setupTimeout,
  );
});

describe('SQL store on PostgreSQL', () => {
  const db = useMigratedClient('PostgreSQL', { poolSize: 20 });

  contractOn('SQL on PostgreSQL', db);
  originTests(db);
  batchTests(db);

  it('plans the batched append once per connection, on indexes (migrations 14 and 15: a generic plan, not ~0.5 ms of planning per batch)', async () => {
    // The plan cache's own choice was a custom plan, planned anew, for every batch under ~10 drafts;
    // a generic plan made on a nearly empty table must not keep scanning it as it grows.
    const rows = await db().query<{ config: string[] | null }>(
      `SELECT proconfig AS config FROM pg_proc WHERE proname IN ('parley_append_messages', 'parley_append_batch')`,
    );
    expect(rows).toEqual([
      { config: ['plan_cache_mode=force_generic_plan', 'enable_seqscan=off'] },
      { config: ['plan_cache_mode=force_generic_plan', 'enable_seqscan=off'] },
    ]);
  });

  describe('credentials', () => {
    let store: SqlStore;
    beforeAll(async () => {
      await truncateStore(db());
      store = createSqlStore(sharedClient(db()));
    });
    credentialsTests(() => store);
  });

  describe('concurrency', () => {
    let store: SqlStore;
    beforeAll(() => {
      store = createSqlStore(sharedClient(db()));
    });

    it('50 concurrent units appending to one chat (some resending a clientId) get seq 1..n, no gaps, no duplicates', async () => {
      await truncateStore(db());
      await store.transaction((tx) => tx.insertChat(chat('c1')));
      // 50 units over 20 connections; clientIds k0..k39, so ten are resends racing their first copy.
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.getUser('warm-up'); // start the transaction before the append, widening the race
            return tx.appendMessage(draft('c1', `m${i}`, `k${i % 40}`));
          }),
        ),
      );
      expect(results.filter((result) => result.created)).toHaveLength(40);
      const { messages, hasMore } = await store.transaction((tx) => tx.listMessages('c1', { limit: 100 }));
      expect(hasMore).toBe(false);
      expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(messages.map((message) => message.clientId)).size).toBe(40);
      // Every unit, first or resend, was answered with the stored message for its clientId.
      for (const { message } of results) {
        expect(message).toStrictEqual(messages.find((stored) => stored.clientId === message.clientId));
      }
      expect((await store.transaction((tx) => tx.getChat('c1')))?.lastSeq).toBe(40);
      const [count] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
      expect(count?.n).toBe(40);
    });

    describe('appendMessageIfMember while a unit holds the chat', () => {
      /** Holds the chat's lock for 150 ms while `during` changes it, then commits; meanwhile the statement runs. */
      async function raceWithUnit(during: (tx: StoreTransaction) => Promise<unknown>, sender = 'v1') {
        const holder = store.transaction(async (tx) => {
          await tx.getChat('c1', { lock: true });
          await during(tx);
          await sleep(150);
        });
        await sleep(50); // the statement takes its snapshot now and waits for the lock
        const result = await store.appendMessageIfMember({ ...draft('c1', 'm-statement'), clientId: 'k1', sender });
        await holder;
        return result;
      }

      it('answers a resend whose first copy committed while it waited with that copy (no error, no seq consumed)', async () => {
        await truncateStore(db());
        await store.transaction((tx) => tx.insertChat(chat('c1')));
        const result = await raceWithUnit((tx) => tx.appendMessage(draft('c1', 'm-first', 'k1')));
        expect(result).toMatchObject({ outcome: 'duplicate', message: { id: 'm-first', seq: 1 } });
        expect((await store.transaction((tx) => tx.getChat('c1')))?.lastSeq).toBe(1);
        expect(await store.transaction((tx) => tx.getMessage('m-statement'))).toBeUndefined();
      });

      it('decides on the members and status as the unit left them when it waited for the unit', async () => {
        const withChat = async (users: string[]) => {
          await truncateStore(db());
          await store.transaction((tx) => tx.insertChat(chat('c1', { users })));
        };
        const update = (changes: Partial<ChatRecord>) => async (tx: StoreTransaction) =>
          tx.updateChat({ ...(await tx.getChat('c1'))!, ...changes });

        await withChat(['v1', 'a1']);
        expect(await raceWithUnit(update({ users: ['v1'] }), 'a1')).toStrictEqual({ outcome: 'not_member' });
        await withChat(['v1']);
        expect(await raceWithUnit(update({ status: 'closed' }))).toStrictEqual({ outcome: 'closed' });
        // Not yet a member in its snapshot: the batch locks every chat it names before judging, so
        // it is ordered after the unit (as a send just after the join would be) and stored.
        await withChat(['v1']);
        expect(await raceWithUnit(update({ users: ['v1', 'a1'] }), 'a1')).toMatchObject({ outcome: 'created', message: { seq: 1, sender: 'a1' } });
        expect((await store.transaction((tx) => tx.getChat('c1')))?.lastSeq).toBe(1);
      });
    });

    it('getChat({ lock: true }) makes a second unit on the chat wait for the first to commit', async () => {
      await truncateStore(db());
      await store.transaction((tx) => tx.insertChat(chat('c1')));
      const order: string[] = [];
      const first = store.transaction(async (tx) => {
        await tx.getChat('c1', { lock: true });
        order.push('first locked');
        await sleep(150);
        await tx.updateChat(chat('c1', { status: 'offered' }));
        order.push('first done');
      });
      await sleep(50);
      const second = store.transaction(async (tx) => {
        const seen = await tx.getChat('c1', { lock: true });
        order.push(`second saw ${seen?.status}`);
      });
      await Promise.all([first, second]);
      expect(order).toEqual(['first locked', 'first done', 'second saw offered']);
    });

    it('listRoomAgents waits for a unit holding the agents and then counts what it committed', async () => {
      await truncateStore(db());
      await store.transaction(async (tx) => {
        await tx.insertUser({ id: 'a1', role: 'agent', name: 'A1', status: 'online' });
        await tx.putAgentProfile({ userId: 'a1', rooms: ['support'], capacity: 1, lastOfferedAt: null, lastAssignedAt: null, statusChoices: 0 });
        await tx.insertChat(chat('c1'));
        await tx.insertChat(chat('c2'));
      });
      const offerTo = (chatId: string) => async (tx: StoreTransaction) => {
        const [agent] = await tx.listRoomAgents('support', { lock: true });
        if (!agent || agent.openChats + agent.pendingOffers >= agent.profile.capacity) return 'full';
        await sleep(100); // the other unit arrives while this one holds the agent
        await tx.insertOffer({ chatId, agentId: 'a1', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:30.000Z' });
        return 'offered';
      };
      const outcomes = await Promise.all([store.transaction(offerTo('c1')), sleep(30).then(() => store.transaction(offerTo('c2')))]);
      // Capacity 1: exactly one offer, never two.
      expect(outcomes).toEqual(['offered', 'full']);
      expect(await store.transaction((tx) => tx.listOffers())).toHaveLength(1);
    });

    it('reruns a unit whose insert lost a race (it read before the other committed)', async () => {
      await truncateStore(db());
      await store.transaction((tx) => tx.insertChat(chat('c1')));
      let attempts = 0;
      const offerOnce = (agentId: string, pause: number) =>
        store.transaction(async (tx) => {
          attempts++;
          if (await tx.getOffer('c1')) return 'already offered';
          await sleep(pause);
          await tx.insertOffer({ chatId: 'c1', agentId, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:30.000Z' });
          return `offered to ${agentId}`;
        });
      const outcomes = await Promise.all([offerOnce('a1', 50), offerOnce('a2', 100)]);
      expect(outcomes).toEqual(['offered to a1', 'already offered']);
      expect(attempts).toBe(3);
    });

    it('reruns both sides of a deadlock until they complete', async () => {
      await truncateStore(db());
      await store.transaction(async (tx) => {
        await tx.insertChat(chat('c1'));
        await tx.insertChat(chat('c2'));
      });
      let attempts = 0;
      // Opposite lock orders: PostgreSQL aborts one (40P01) after deadlock_timeout; it runs again.
      const lockBoth = (a: string, b: string) =>
        store.transaction(async (tx) => {
          attempts++;
          await tx.getChat(a, { lock: true });
          await sleep(50);
          await tx.getChat(b, { lock: true });
          return tx.appendMessage(draft(a, `${a}-after-${b}-${attempts}`));
        });
      const results = await Promise.all([lockBoth('c1', 'c2'), lockBoth('c2', 'c1')]);
      expect(results.map((result) => result.message.seq)).toEqual([1, 1]);
      expect(attempts).toBeGreaterThanOrEqual(3);
    });

    it(
      'migrates once when two nodes start together on an empty database',
      async () => {
        const fresh = await createThrowawayPostgres();
        const nodes = [1, 2].map(() => createPostgresClient({ connectionString: fresh.value }));
        try {
          const applied = await Promise.all(nodes.map((node) => migrate(node)));
          // Numerically: id 10 sorts before 2 as text.
          const byId = (a: number, b: number) => a - b;
          expect(applied.flat().sort(byId)).toEqual(migrations.map((migration) => migration.id).sort(byId));
          expect(await migrate(nodes[0]!)).toEqual([]);
          // And both nodes see a working schema.
          const stores = nodes.map((node) => createSqlStore(sharedClient(node)));
          await stores[0]!.transaction((tx) => tx.insertChat(chat('c1')));
          expect((await stores[1]!.transaction((tx) => tx.getChat('c1')))?.id).toBe('c1');
        } finally {
          await Promise.all(nodes.map((node) => node.close()));
          await fresh.remove();
        }
      },
      setupTimeout,
    );
  });

  it(
    'openSqlStore({ databaseUrl }) migrates, serves, and closes',
    async () => {
      const fresh = await createThrowawayPostgres();
      try {
        const store = await openSqlStore({ databaseUrl: fresh.value });
        await store.transaction((tx) => tx.insertChat(chat('c1')));
        await store.close();
        const again = await openSqlStore({ databaseUrl: fresh.value });
        expect((await again.transaction((tx) => tx.getChat('c1')))?.id).toBe('c1');
        await again.close();
        await expect(again.transaction((tx) => tx.getChat('c1'))).rejects.toThrow('closed');
      } finally {
        await fresh.remove();
      }
    },
    setupTimeout,
  );
});
