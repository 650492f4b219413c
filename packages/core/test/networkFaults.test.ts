import { afterAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '@parley/server';
import { isStored, selectMessages } from '../src/index';
import type { ChatStore } from '../src/index';
import type { Participant, TestServer } from './helpers';
import { agent, removeDir, startServer, until, visitor } from './helpers';

const total = 200;

function stored(store: ChatStore, chatId: string) {
  return selectMessages(chatId)(store.getState()).toArray();
}

/** Every message exactly once, in the order written: seqs 1..n, each clientId once, texts in order. */
function expectExactlyOnceInOrder(store: ChatStore, chatId: string): void {
  const messages = stored(store, chatId);
  expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
  expect(messages.every(isStored)).toBe(true);
  const clientIds = messages.map((message) => message.clientId);
  expect(new Set(clientIds).size).toBe(total);
  expect(messages.map((message) => message.message)).toEqual(Array.from({ length: total }, (_, index) => `message ${index}`));
}

/**
 * Puts faults exactly where exactly-once is decided: on a `messages:send` the server has run (the
 * message is stored) but whose ack is then dropped, and the socket cut. The client cannot tell that
 * from a send that never arrived, so it resends with the same clientId; only the server's clientId
 * dedup keeps that from being a second message. Counts what the server received per clientId.
 */
function loseAcksAfterStoring(server: ParleyServer, lose: (text: string) => boolean) {
  const received = new Map<string, number>();
  const state = { acksLost: 0 };
  server.io.on('connection', (socket) => {
    socket.use((packet, next) => {
      const [event, payload] = packet as [string, { clientId?: unknown; message?: unknown } | undefined];
      const ackIndex = packet.length - 1;
      const clientId = typeof payload?.clientId === 'string' ? payload.clientId : undefined;
      if (event === 'messages:send' && clientId !== undefined && typeof packet[ackIndex] === 'function') {
        const attempts = (received.get(clientId) ?? 0) + 1;
        received.set(clientId, attempts);
        if (attempts === 1 && typeof payload?.message === 'string' && lose(payload.message)) {
          packet[ackIndex] = () => {
            state.acksLost++;
            socket.disconnect(true);
          };
        }
      }
      next();
    });
  });
  return {
    state,
    /** Sends the server received beyond the first of each clientId. */
    resends: () => [...received.values()].reduce((sum, attempts) => sum + attempts - 1, 0),
    received,
  };
}

describe('delivery across network faults (real server)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('delivers 200 messages exactly once, in order, through socket drops and a server restart', async () => {
    let server: ParleyServer = await startServer();
    const { dataDir, port } = server as TestServer;
    // Every 25th message's first ack is lost after the server stored it: 8 resends that must not
    // become second messages (they would, were the server's clientId dedup off).
    const lose = (text: string) => Number(/^message (\d+)$/.exec(text)?.[1] ?? 1) % 25 === 0;
    const faults = [loseAcksAfterStoring(server, lose)];
    cleanups.push(() => removeDir(dataDir));
    cleanups.push(() => server.close());
    const ana: Participant = await agent(server as TestServer, 'ana');
    const vera: Participant = await visitor(server);
    cleanups.push(() => vera.close(), () => ana.close());

    const statuses = { vera: [] as string[], ana: [] as string[] };
    vera.client.onConnection((state) => statuses.vera.push(state.status));
    ana.client.onConnection((state) => statuses.ana.push(state.status));

    const chat = await vera.client.chats.create({ room: 'support', source: 'web' });
    await chat.assign({ interval: 30 });
    await until(() => chat.id in ana.store.getState().invitations);
    await ana.client.agent.accept(chat.id);

    const sends = Array.from({ length: total }, (_, index) => chat.sendMessage(`message ${index}`));
    // The optimistic copies show at once, in the order written.
    expect(stored(vera.store, chat.id).length).toBe(total);

    // How many messages still waited in the outbox at each fault: proof the faults hit mid-stream.
    const waiting: number[] = [];
    await until(() => vera.client.lastSeq(chat.id) >= 40);
    waiting.push(vera.client.outbox.entries().length);
    await server.io.in(`user:${vera.signedIn.user.id}`).disconnectSockets(false);

    await until(() => ana.client.lastSeq(chat.id) >= 90);
    waiting.push(vera.client.outbox.entries().length);
    await server.io.in('user:ana').disconnectSockets(false);

    await until(() => vera.client.lastSeq(chat.id) >= 130);
    waiting.push(vera.client.outbox.entries().length);
    await server.close();
    // Same port and data dir: the clients find "the same server" again after their backoff.
    server = await startServer({ dataDir, port });
    faults.push(loseAcksAfterStoring(server, lose));

    const delivered = await Promise.all(sends);
    expect(delivered.map((message) => message.seq)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    await until(() => stored(ana.store, chat.id).length === total && stored(vera.store, chat.id).every(isStored));
    expectExactlyOnceInOrder(vera.store, chat.id);
    expectExactlyOnceInOrder(ana.store, chat.id);
    expect(vera.client.outbox.entries()).toEqual([]);
    expect(waiting.every((count) => count > 0)).toBe(true);
    // The faults really happened mid-conversation: the visitor lost its link twice, the agent too.
    expect(statuses.vera.filter((status) => status === 'reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(statuses.ana.filter((status) => status === 'reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(statuses.vera.at(-1)).toBe('connected');
    // The faults landed on sends awaiting their acks, and the client resent them.
    const acksLost = faults.reduce((sum, fault) => sum + fault.state.acksLost, 0);
    const resends = faults.reduce((sum, fault) => sum + fault.resends(), 0);
    expect(acksLost).toBeGreaterThanOrEqual(4);
    expect(resends).toBeGreaterThanOrEqual(acksLost);
  }, 90_000);
});
