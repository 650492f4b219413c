import type { ClientEventName, ErrorPayload, User } from '@parley/protocol';
import { clientEventNames } from '@parley/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, TestServer } from './harness';
import { connectParticipant, startTestServer } from './harness';

/**
 * Issue 13's fuzzer: fast-check generates client events (valid, mutated, garbage, NUL bytes, huge
 * numbers, unknown names) and REST bodies, driven through real sockets and HTTP into a real server.
 * Every event must be answered, never with `internal`; the server must stay up with bounded memory;
 * and what was refused must have stored nothing (the stored chats and messages are exactly those the
 * accepted events account for). The seed is printed so a failure can be replayed (FUZZ_SEED).
 */

const socketEvents = 50_000;
const restBodies = 5_000;
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);

/** Values a store cannot hold or a parser may choke on. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\u202E', '<script>x</script>', '__proto__', 'constructor', ''),
  fc.string({ minLength: 100, maxLength: 400 }),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(2 ** 31, 2 ** 31 - 1, 2 ** 53, -1, 9e12, 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.oneof(hostileString, hostileNumber), { maxLength: 4 }),
  fc.dictionary(hostileString, fc.oneof(hostileString, hostileNumber), { maxKeys: 3 }),
);

interface World {
  chatIds: string[];
  messageIds: string[];
  userIds: string[];
}

/** A payload shaped like a valid one for `event`, from ids that exist (or almost exist). */
function validish(event: ClientEventName, world: World): fc.Arbitrary<Record<string, unknown>> {
  const chatId = fc.oneof(fc.constantFrom(...world.chatIds), fc.constant('no-such-chat'));
  const messageId = fc.oneof(fc.constantFrom(...world.messageIds), fc.constant('no-such-message'));
  const userId = fc.constantFrom(...world.userIds);
  const room = fc.constantFrom('support', 'sales', 'unknown-room');
  const text = fc.string({ minLength: 1, maxLength: 60 });
  const entry = fc.record({
    created: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), hostileNumber),
    type: fc.constantFrom('text', 'object'),
    message: fc.oneof(text, fc.constant('{"a":1}')),
    sender: fc.oneof(userId, fc.constantFrom('assistant', 'system', 'agent-1')),
  });
  switch (event) {
    case 'chats:create':
      return fc.record({ room, source: fc.constantFrom('web', 7), creator: userId });
    case 'chats:assign':
      return fc.record({ chatId, interval: fc.oneof(fc.constant(30), hostileNumber), maxAttempts: fc.integer({ min: 0, max: 200 }) }, { requiredKeys: ['chatId'] });
    case 'chats:join':
    case 'chats:close':
      return fc.record({ chatId, userId });
    case 'users:activity':
      return fc.record({ chatId, userId, type: fc.constantFrom('writing', 'stop-writing', 'not-writing', 'typing') });
    case 'user:focus':
    case 'invitations:accept':
    case 'invitations:reject':
      return fc.record({ chatId }, { requiredKeys: [] });
    case 'messages:read':
      return fc.record({ messageId, userId });
    case 'history:import':
      return fc.record({ chatId, history: fc.array(entry, { maxLength: 3 }) });
    case 'chats:get':
      return fc.record({ chatId, fields: fc.constantFrom('users', 'history', 'users,watchers,history', 'nope') }, { requiredKeys: ['chatId'] });
    case 'messages:send':
      return fc.record({ chatId, clientId: fc.string({ minLength: 1, maxLength: 20 }), type: fc.constant('text'), message: text });
    case 'messages:list':
      return fc.record({ chatId, afterSeq: hostileNumber, beforeSeq: hostileNumber, limit: fc.integer({ min: -5, max: 300 }) }, { requiredKeys: ['chatId'] });
    case 'users:chats':
      return fc.record({ userId });
    case 'agents:status':
      return fc.record({ status: fc.constantFrom('online', 'away', 'offline', 'busy') });
    case 'chats:transfer':
      return fc.record({ chatId, room, agentId: userId }, { requiredKeys: ['chatId'] });
    case 'transfer:targets':
    case 'notes:list':
      return fc.record({ chatId });
    case 'notes:add':
      return fc.record({ chatId, clientId: fc.string({ minLength: 1, maxLength: 20 }), message: text });
  }
}

/** One generated event: a name (usually a real one) and a payload that is valid, mutated or garbage. */
function eventArbitrary(world: World): fc.Arbitrary<{ event: string; payload: unknown; kind: string }> {
  const named = fc.constantFrom(...clientEventNames).chain((event) =>
    fc.oneof(
      validish(event, world).map((payload) => ({ event, payload: payload as unknown, kind: 'valid-shaped' })),
      fc
        .tuple(validish(event, world), hostileString, hostileValue)
        .map(([payload, key, value]) => ({ event, payload: { ...payload, [Object.keys(payload)[0] ?? key]: value } as unknown, kind: 'mutated' })),
      fc.tuple(validish(event, world), hostileString, hostileValue).map(([payload, key, value]) => ({ event, payload: { ...payload, [key]: value } as unknown, kind: 'extra key' })),
      hostileValue.map((payload) => ({ event, payload, kind: 'garbage' })),
    ),
  );
  return fc.oneof(
    { weight: 19, arbitrary: named },
    { weight: 1, arbitrary: hostileString.map((event) => ({ event, payload: {} as unknown, kind: 'unknown event' })) },
  );
}

describe('fuzzing events and REST bodies through a real server', () => {
  let server: TestServer;
  const participants: Participant[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      rooms: ['support', 'sales'],
      limits: { eventBurst: 1e9, eventsPerSecond: 1e9, userEventBurst: 1e9, userEventsPerSecond: 1e9, maxImportedMessages: 1e9, maxChatsPerVisitor: 1e9 },
    });
    const connect = async (user: User) =>
      connectParticipant(server, user, (await server.tokens.issue({ sub: user.id, role: user.role, name: user.name })).token);
    for (let index = 0; index < 4; index++) participants.push(await connect(await server.engine.registerVisitor({ name: `Fuzz ${index}` })));
    for (const id of ['agent-1', 'agent-2']) {
      participants.push(await connect(await server.engine.registerAgent({ id, name: id, rooms: ['support'], capacity: 1000, status: 'away' })));
    }
  });
  afterAll(async () => {
    for (const participant of participants) participant.close();
    await server.stop();
  });

  it(`answers ${socketEvents} generated events and ${restBodies} REST bodies: no crash, no internal, nothing stored on error`, async () => {
    const started = Date.now();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    // A world to aim at: real chats and messages, so generated events reach the handlers, not just the schemas.
    const world: World = { chatIds: [], messageIds: [], userIds: participants.map((participant) => participant.user.id) };
    for (const participant of participants.slice(0, 4)) {
      const { chat } = await participant.send('chats:create', { room: 'support', source: 'web', creator: participant.user.id });
      world.chatIds.push(chat.id);
      const { message } = await participant.send('messages:send', { chatId: chat.id, clientId: 'seed', type: 'text', message: 'seed' });
      world.messageIds.push(message.id);
    }
    const counts = { events: 0, ok: 0, refused: 0, internal: 0, unanswered: 0, rest: 0, rest5xx: 0 };
    const byCode = new Map<string, number>();
    const byKind = new Map<string, number>();
    const createdChats = new Set(world.chatIds);
    const createdMessages = new Set(world.messageIds);
    let importedCount = 0;
    const failures: string[] = [];

    const batches = 10;
    const perBatch = socketEvents / batches;
    for (let batch = 0; batch < batches; batch++) {
      const events = fc.sample(eventArbitrary(world), { numRuns: perBatch, seed: seed + batch });
      // Each socket works through its share with up to 32 events in flight.
      await Promise.all(
        participants.map(async (participant, socketIndex) => {
          const mine = events.filter((_, index) => index % participants.length === socketIndex);
          let next = 0;
          const lane = async () => {
            while (next < mine.length) {
              const { event, payload, kind } = mine[next++]!;
              byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
              counts.events++;
              let envelope: { ok: true; data: Record<string, unknown> } | { ok: false; error: ErrorPayload };
              try {
                envelope = (await participant.socket.timeout(10_000).emitWithAck(event as 'user:focus', payload as never)) as typeof envelope;
              } catch {
                counts.unanswered++;
                continue;
              }
              if (envelope.ok) {
                counts.ok++;
                const data = envelope.data;
                if (event === 'chats:create') createdChats.add((data.chat as { id: string }).id);
                if (event === 'messages:send') createdMessages.add((data.message as { id: string }).id);
                if (event === 'history:import') importedCount += data.imported as number;
                if (event === 'chats:create') world.chatIds.push((data.chat as { id: string }).id);
                if (event === 'messages:send' && world.messageIds.length < 500) world.messageIds.push((data.message as { id: string }).id);
              } else {
                counts.refused++;
                byCode.set(envelope.error.code, (byCode.get(envelope.error.code) ?? 0) + 1);
                if (envelope.error.code === 'internal' && failures.length < 10) {
                  counts.internal++;
                  failures.push(`${event} ${JSON.stringify(payload).slice(0, 300)} → internal`);
                } else if (envelope.error.code === 'internal') counts.internal++;
              }
            }
          };
          await Promise.all(Array.from({ length: 32 }, lane));
        }),
      );
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }

    // REST bodies: signups and logins with generated JSON (and some raw text).
    const bodies = fc.sample(
      fc.oneof(
        fc.record({ name: hostileString, contact: hostileString, extraInfo: fc.dictionary(hostileString, fc.oneof(hostileString, hostileNumber, fc.constant(null))) }, { requiredKeys: [] }),
        fc.record({ username: hostileString, password: hostileString }, { requiredKeys: [] }),
        hostileValue,
      ),
      { numRuns: restBodies, seed },
    );
    let nextBody = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (nextBody < bodies.length) {
          const index = nextBody++;
          const path = index % 2 === 0 ? '/v1/users' : '/v1/agents/login';
          // Every 17th body is cut short: malformed JSON.
          const json = JSON.stringify(bodies[index]) ?? 'null';
          const body = index % 17 === 0 ? json.slice(0, Math.max(1, json.length - 1)) : json;
          const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          await response.arrayBuffer();
          counts.rest++;
          if (response.status >= 500) {
            counts.rest5xx++;
            if (failures.length < 10) failures.push(`POST ${path} ${body.slice(0, 200)} → ${response.status}`);
          }
        }
      }),
    );
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    // Nothing refused was stored: the fuzz chats and their messages are exactly those accepted.
    const fuzzUsers = participants.slice(0, 4).map((participant) => participant.user.id);
    const stored = await server.store.transaction(async (tx) => {
      const chats = (await Promise.all(fuzzUsers.map((id) => tx.listUserChats(id)))).flat();
      const ownChats = chats.filter((chat) => fuzzUsers.includes(chat.creator));
      const chatIds = new Set(ownChats.map((chat) => chat.id));
      // The server's own notices (a transfer offered, or declined) are stored messages nobody sent.
      let notices = 0;
      for (const chat of ownChats) {
        for (let after = 0; after < chat.lastSeq; ) {
          const page = await tx.listMessages(chat.id, { afterSeq: after, limit: 500 });
          if (page.messages.length === 0) break;
          notices += page.messages.filter((message) => message.type === 'system' && !message.imported).length;
          after = page.messages.at(-1)!.seq;
        }
      }
      const messages = ownChats.reduce((sum, chat) => sum + chat.lastSeq, 0) - notices;
      return { chatIds, messages };
    });
    const health = await fetch(`${server.url}/healthz`);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const codes = [...byCode].map(([code, count]) => `${code} ${count}`).join(', ');
    const kinds = [...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ');
    process.stdout.write(
      `[fuzz] seed ${seed}: ${counts.events} socket events (${kinds}) in ${seconds} s → ${counts.ok} ok, ${counts.refused} refused (${codes}); ` +
        `${counts.internal} internal, ${counts.unanswered} unanswered; ${counts.rest} REST bodies, ${counts.rest5xx} answered 5xx; ` +
        `RSS ${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(rssPeak / 2 ** 20).toFixed(0)} MB; ${stored.chatIds.size} chats and ${stored.messages} messages stored, as accepted\n`,
    );
    expect(failures).toEqual([]);
    expect(counts.events).toBeGreaterThanOrEqual(socketEvents);
    expect(counts.internal).toBe(0);
    expect(counts.unanswered).toBe(0);
    expect(counts.rest5xx).toBe(0);
    expect(health.status).toBe(200);
    // Every stored chat of the fuzz visitors was an accepted chats:create, and the other way round.
    expect([...stored.chatIds].sort()).toEqual([...createdChats].sort());
    expect(stored.messages).toBe(createdMessages.size + importedCount);
    expect(rssPeak - rssBefore).toBeLessThan(512 * 2 ** 20);
  }, 300_000);
});
