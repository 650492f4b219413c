import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { connectParticipant, startTestServer, visitor } from './harness';

/**
 * Handshakes of known users come from memory (issue 18): after a node dies, all its clients
 * reconnect to the survivors at once, and a transaction per handshake made that storm slow.
 */
describe('handshake of a known user', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
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
});
