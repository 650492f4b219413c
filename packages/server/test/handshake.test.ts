import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, TestServer } from './harness';
import { agent, connectParticipant, logIn, startTestServer, visitor } from './harness';

/**
 * Handshakes of known users come from memory (issue 18): after a node dies, all its clients
 * reconnect to the survivors at once, and a transaction per handshake made that storm slow.
 */
describe('handshake of a known user', () => {
  let server: TestServer;
  /** Called by a middleware that runs after the gateway's auth, when a test wants to know that moment. */
  let afterHandshake: (() => void) | undefined;
  beforeAll(async () => {
    // The node's periodic work (outbox polls, presence leases, offer sweeps, room re-reads) comes
    // within none of these tests: the store calls a test counts are its handshake's.
    const never = 3_600_000;
    server = await startTestServer({
      outbox: { pollMs: never },
      clusterHeartbeatMs: never,
      clusterLeaseMs: 3 * never,
      offerSweepMs: never,
      roomRefreshMs: never,
    });
    server.io.use((_socket, next) => {
      afterHandshake?.();
      next();
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  /** Runs `work` while every unit of work of the store fails, as if the database had no time for it. */
  async function withoutTransactions<T>(work: () => Promise<T>): Promise<T> {
    const { store } = server;
    const transaction = store.transaction.bind(store);
    store.transaction = () => Promise.reject(new Error('no transaction expected here'));
    try {
      return await work();
    } finally {
      store.transaction = transaction;
    }
  }

  it('needs no database transaction, while a user met for the first time still is looked up', async () => {
    const vera = await visitor(server, 'Vera');
    const again = await withoutTransactions(() => connectParticipant(server, vera.user, vera.token));
    expect(again.socket.connected).toBe(true);

    // A valid token of a user this node has not met: its handshake reads (and fails without) the store.
    const { token } = await server.tokens.issue({ sub: 'never-seen', role: 'user', name: 'New' });
    const refused = await withoutTransactions(() => connectParticipant(server, { id: 'never-seen', role: 'user', name: 'New' }, token)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Error);
    vera.close();
    again.close();
  });

  it('reads a user again after a change of it (here: verified by the host), not the old copy', async () => {
    const vera = await visitor(server, 'Before');
    await server.engine.updateVisitor(vera.user.id, { verified: { id: 'host-1', name: 'After' } });
    const { token } = await server.tokens.issue({ sub: vera.user.id, role: 'user', name: 'After' });
    const refused = await withoutTransactions(() => connectParticipant(server, vera.user, token)).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Forgotten on change: the handshake went to the store (which refused here) instead of memory.
    expect(refused).toBeInstanceOf(Error);
    const after = await connectParticipant(server, vera.user, token);
    expect(after.socket.connected).toBe(true);
    vera.close();
    after.close();
  });

  /**
   * Counts every call into the database (statements, queries, transactions) made by the handshake
   * (the auth middleware) of the socket opened in `work`: the middleware added after the gateway's
   * (in `beforeAll`) notes the count once the gateway's has let the socket through.
   */
  async function databaseCallsOfHandshake(work: () => Promise<unknown>): Promise<number[]> {
    const sql = server.store.sql;
    const originals = { query: sql.query, statement: sql.statement, transaction: sql.transaction, exec: sql.exec };
    let calls = 0;
    const counted = sql as unknown as Record<keyof typeof originals, (...args: unknown[]) => unknown>;
    for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
      const original = originals[name] as (...args: unknown[]) => unknown;
      counted[name] = (...args) => {
        calls += 1;
        return original.apply(sql, args);
      };
    }
    const seen: number[] = [];
    afterHandshake = () => seen.push(calls);
    try {
      await work();
      return seen;
    } finally {
      afterHandshake = undefined;
      Object.assign(sql, originals);
    }
  }

  it('of a known agent runs no database call: its account (deactivated or not) comes from memory too', async () => {
    const ada = await agent(server, 'ada-known');
    ada.close();
    // The node's work for that socket's end (cluster presence, then offline after the grace) is done
    // before the count starts.
    await expect.poll(async () => (await server.engine.getUser('ada-known'))?.status).toBe('offline');
    let again: Participant | undefined;
    expect(await databaseCallsOfHandshake(async () => (again = await connectParticipant(server, ada.user, ada.token)))).toEqual([0]);
    again?.close();

    // An agent this node has not met yet is read (user and account flags) from the database.
    await server.addAgent({ username: 'bo-new', password: 'secret-pass', name: 'Bo', rooms: ['support'] });
    const bo = await logIn(server, 'bo-new', 'secret-pass');
    let first: Participant | undefined;
    const [calls] = await databaseCallsOfHandshake(async () => (first = await connectParticipant(server, bo.user, bo.session.token)));
    expect(calls).toBeGreaterThan(0);
    first?.close();
  });
});
