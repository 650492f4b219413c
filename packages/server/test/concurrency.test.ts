import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayPostgres } from '../src/store/testDatabases';
import type { Participant, TestServer } from './harness';
import { agent, connectParticipant, logIn, startTestServer, startTestServerOn, storeKinds, visitor } from './harness';

const SOCKETS = 50;
const PER_SOCKET = 4;

/** 50 sockets writing into one chat at once: seq is 1..N with no gap and no duplicate. */
describe.each(storeKinds)('%s: concurrent senders in one chat', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServerOn(kind, { limits: { maxSocketsPerUser: SOCKETS } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it(`${SOCKETS} sockets × ${PER_SOCKET} messages (each also resent once) → seq 1..${SOCKETS * PER_SOCKET}`, async () => {
    const ada = await agent(server, 'busy-ada');
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id });
    await ada.waitFor('invitation:new');
    await ada.send('invitations:accept', { chatId: chat.id });

    const sockets: Participant[] = [];
    for (let i = 0; i < SOCKETS; i++) {
      const owner = i % 2 === 0 ? vera : ada;
      sockets.push(await connectParticipant(server, owner.user, owner.token));
    }
    const sends = sockets.flatMap((participant, s) =>
      Array.from({ length: PER_SOCKET }, async (_, m) => {
        const payload = { chatId: chat.id, clientId: `s${s}-m${m}`, type: 'text' as const, message: `socket ${s} message ${m}` };
        // At-least-once: the same clientId twice at the same time must still be one message.
        const [first, again] = await Promise.all([participant.send('messages:send', payload), participant.send('messages:send', payload)]);
        expect(again.message.id).toBe(first.message.id);
        return first.message;
      }),
    );
    const acked = await Promise.all(sends);
    const total = SOCKETS * PER_SOCKET;
    expect(new Set(acked.map((message) => message.id)).size).toBe(total);

    const stored = [];
    let afterSeq = 0;
    for (;;) {
      const page = await vera.send('messages:list', { chatId: chat.id, afterSeq, limit: 200 });
      stored.push(...page.messages);
      if (!page.hasMore) break;
      afterSeq = page.messages.at(-1)!.seq;
    }
    expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(stored.map((message) => message.clientId)).size).toBe(total);
    for (const participant of sockets) participant.close();
    vera.close();
    ada.close();
  });

  it('answers ten simultaneous chats:create of a visitor in one room with one chat: one created, nine resumed', async () => {
    const vera = await visitor(server, 'Impatient');
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        vera.socket.timeout(10_000).emitWithAck('chats:create', { room: 'race', source: 'web', creator: vera.user.id }),
      ),
    );
    const answered = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.data] : []));
    expect(answered).toHaveLength(10);
    const ids = new Set(answered.map((data) => data.chat.id));
    expect(ids.size).toBe(1);
    expect(answered.filter((data) => data.resumed === true)).toHaveLength(9);
    const { chats } = await vera.send('users:chats', { userId: vera.user.id });
    expect(chats.map((chat) => chat.id)).toEqual([...ids]);
    vera.close();
  });
});

describe.each(storeKinds)('%s: decisions two units must not make at once', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServerOn(kind, { limits: { maxChatsPerVisitor: 3, maxSocketsPerUser: 20 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('holds chats_per_visitor against creates in parallel (six rooms, two sockets each, limit 3)', async () => {
    for (let round = 0; round < 5; round++) {
      const vera = await visitor(server, `Parallel ${round}`);
      const twin = await connectParticipant(server, vera.user, vera.token);
      const rooms = Array.from({ length: 6 }, (_, index) => `parallel-${index}`);
      const outcomes = await Promise.all(
        rooms.flatMap((room) =>
          [vera, twin].map((socket) => socket.socket.timeout(10_000).emitWithAck('chats:create', { room, source: 'web', creator: vera.user.id })),
        ),
      );
      const { chats } = await vera.send('users:chats', { userId: vera.user.id });
      expect({ round, chats: chats.length }).toEqual({ round, chats: 3 });
      const refused = outcomes.filter((outcome) => !outcome.ok).map((outcome) => (outcome.ok ? undefined : outcome.error.details?.limit));
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused)).toEqual(new Set(['chats_per_visitor']));
      twin.close();
      vera.close();
    }
  });

  it('never leaves an offer with an agent who went offline while it was made', async () => {
    const ada = await agent(server, `race-ada-${kind}`, ['status-race']);
    for (let round = 0; round < 15; round++) {
      await ada.send('agents:status', { status: 'online' });
      const vera = await visitor(server, `Status ${round}`);
      const { chat } = await vera.send('chats:create', { room: 'status-race', source: 'web', creator: vera.user.id });
      await Promise.all([vera.send('chats:assign', { chatId: chat.id, interval: 60 }), ada.send('agents:status', { status: 'offline' })]);
      const { chat: after } = await vera.send('chats:get', { chatId: chat.id });
      // Offline last: nothing may stay offered to the agent (it was withdrawn, or never made).
      expect({ round, status: after.status }).toEqual({ round, status: 'waiting' });
      await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
      vera.close();
    }
    ada.close();
  });
});

describe('agents changing status together (PostgreSQL)', () => {
  it('deadlocks nowhere: twelve agents of one room come online at once, then go away at once', async () => {
    const database = await createThrowawayPostgres();
    const server = await startTestServer({ databaseUrl: database.value });
    const admin = new pg.Client({ connectionString: database.value });
    await admin.connect();
    const deadlocks = async () => (await admin.query<{ deadlocks: string }>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.deadlocks;
    try {
      const before = await deadlocks();
      // Signed in one at a time (logins are throttled per address), connected all at once: each socket
      // brings its agent online (presence), and each status change dispatches the room.
      const sessions = [];
      for (let i = 0; i < 12; i++) {
        await server.addAgent({ username: `together-${i}`, password: 'secret-pass', name: `Together ${i}`, rooms: ['together'] });
        sessions.push(await logIn(server, `together-${i}`, 'secret-pass'));
      }
      const desks = await Promise.all(sessions.map(({ user, session }) => connectParticipant(server, user, session.token)));
      await Promise.all(desks.map((desk) => desk.waitFor('agent:status', (payload) => payload.userId === desk.user.id && payload.status === 'online')));
      await Promise.all(desks.map((desk) => desk.send('agents:status', { status: 'away' })));
      for (const desk of desks) desk.close();
      // PostgreSQL counts a deadlock it broke (after its deadlock_timeout, 1 s, each): none may occur.
      expect(await deadlocks()).toBe(before);
    } finally {
      await admin.end();
      await server.stop();
      await database.remove();
    }
  }, 60_000);
});
