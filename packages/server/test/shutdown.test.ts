import { rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from './harness';
import { agent, connectParticipant, startTestServer, visitor } from './harness';

const inFlight = 20;

/**
 * Graceful shutdown with events in flight: `close()` lets every event it already started finish and
 * acknowledge before the sockets close, so no acknowledged-or-not ambiguity is left behind for those.
 */
describe('shutdown with events in flight', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('acknowledges every started messages:send (and stores it) before closing the sockets', async () => {
    const server: TestServer = await startTestServer({ dataDir: undefined });
    const dataDir = server.dataDir;
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    cleanup.push(() => server.close());
    const vera = await visitor(server, 'Vera in flight');
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });

    // Hold every messages:send inside the engine until all of them have started.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const original = server.engine.handle.bind(server.engine);
    let entered = 0;
    vi.spyOn(server.engine, 'handle').mockImplementation(async (actor, event, payload) => {
      if (event === 'messages:send') {
        entered++;
        await gate;
      }
      return original(actor, event, payload);
    });
    // The harness rejects a send whose socket disconnects before its ack arrives.
    const acks = Array.from({ length: inFlight }, (_, i) =>
      vera.send('messages:send', { chatId: chat.id, clientId: `flight-${i}`, type: 'text', message: `in flight ${i}` }),
    );
    await vi.waitFor(() => expect(entered).toBe(inFlight), { timeout: 10_000, interval: 10 });

    const disconnected = new Promise<string>((resolve) => vera.socket.once('disconnect', (reason) => resolve(reason)));
    const closing = server.close();
    // Started events keep the server open: it is still waiting for them.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(vera.socket.connected).toBe(true);
    // A new event meanwhile never runs: refused as retryable (`unavailable`), not as a server fault.
    expect(await vera.refused('users:chats', { userId: vera.user.id })).toMatchObject({ code: 'unavailable', details: { shuttingDown: true } });
    release();
    const answered = await Promise.all(acks);
    // Told to go (a DISCONNECT packet behind the acks), not cut off mid-buffer ("transport close").
    expect(await disconnected).toBe('io server disconnect');
    await closing;
    expect(answered.map((data) => data.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: inFlight }, (_, i) => i + 1));
    vera.close();

    const again = await startTestServer({ dataDir });
    cleanup.push(() => again.close());
    const back = await connectParticipant(again, vera.user, vera.token);
    const { messages } = await back.send('messages:list', { chatId: chat.id, afterSeq: 0, limit: 100 });
    expect(messages.map((message) => message.clientId).sort()).toEqual(answered.map((data) => data.message.clientId).sort());
    back.close();
  }, 60_000);

  it('logs no failure while closing or after: the presence checks of the sockets it disconnects are never started', async () => {
    const logged: { level: number; msg: string }[] = [];
    let closing = false;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const entry = JSON.parse(chunk.toString()) as { level: number; msg: string };
        // Warnings and errors, and the checks' debug-level failures.
        if (closing && (entry.level >= 40 || entry.msg.includes('failed'))) logged.push(entry);
        done();
      },
    });
    const server = await startTestServer({ logger: pino({ level: 'debug' }, sink) });
    const ada = await agent(server, 'ada-closing');
    const vera = await visitor(server, 'Vera closing');
    await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    closing = true;
    await server.stop();
    // Past the grace (50 ms here), when a check would run on the closed store.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const participant of [ada, vera]) participant.close();
    expect(logged.map(({ level, msg }) => `${level} ${msg}`)).toEqual([]);
  });
});
