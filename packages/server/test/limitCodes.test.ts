import type { ErrorPayload, LimitCode } from '@parley/protocol';
import { limitCodes, ParleyError } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServerOptions } from '../src/index';
import type { ClientSocket, Participant, TestServer } from './harness';
import { connectParticipant, openSocket, postJson, startTestServer } from './harness';
import { exe, png, upload, uploaded } from './fileFixtures';

/**
 * Every `LimitCode` the protocol exports can be hit from outside, answers with its own code in
 * `details.limit` (typed as `error.limit` on the client's ParleyError) and is counted in
 * `parley_limit_refusals_total{limit}`. The triggers are a `Record<LimitCode, …>`: a new limit code
 * does not compile until it has a trigger here.
 */

/**
 * Two servers whose limits do not get in each other's way (a server start is slow on a loaded
 * machine): `tight` has small event, login and signup limits; `engine` small resource limits.
 */
type ServerName = 'tight' | 'engine';
const serverOptions: Record<ServerName, ParleyServerOptions> = {
  tight: {
    limits: { signupsPerIpPerMinute: 1, loginFreeFailures: 1, maxSocketsPerUser: 2, eventBurst: 2, eventsPerSecond: 0.01, userEventBurst: 0, userEventsPerSecond: 1 },
  },
  engine: {
    rooms: ['billing'],
    // socket.io drops frames past twice maxPayloadBytes; payload_bytes' trigger sends one between the two.
    limits: { loginConcurrency: 0, maxSocketsPerIp: 3, maxChatsPerVisitor: 1, maxImportedMessages: 1, maxPayloadBytes: 300, maxFileBytes: 100, maxFilesPerChat: 1 },
  },
};

interface Trigger {
  on: ServerName;
  /** Provokes the refusal and returns its error payload. */
  run(server: TestServer): Promise<ErrorPayload>;
}

async function restError(url: string, body: unknown): Promise<ErrorPayload> {
  return ((await postJson(url, body)).body as { error: ErrorPayload }).error;
}

/** Opens a socket: the `connect_error` payload when refused (the socket closed), else undefined. */
async function open(server: { url: string }, token: string): Promise<{ socket: ClientSocket; refusal: ErrorPayload | undefined }> {
  const socket = openSocket(server, token);
  const refusal = await new Promise<ErrorPayload | undefined>((resolve) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', (error: Error & { data?: ErrorPayload }) => resolve(error.data));
  });
  if (refusal) socket.close();
  return { socket, refusal };
}

/** Opens sockets with `token()` until one is refused (at most `cap` + 1); then closes them and waits until one connects again. */
async function openUntilRefused(server: TestServer, token: () => Promise<string>, cap: number): Promise<ErrorPayload> {
  const held: ClientSocket[] = [];
  try {
    for (let index = 0; index <= cap; index++) {
      const { socket, refusal } = await open(server, await token());
      if (refusal) return refusal;
      held.push(socket);
    }
    throw new Error(`${cap + 1} sockets were all accepted`);
  } finally {
    for (const socket of held) socket.close();
    // The next trigger on this server must find the slots free again.
    await expect
      .poll(async () => {
        const { socket, refusal } = await open(server, await token());
        socket.close();
        return refusal;
      }, { timeout: 10_000 })
      .toBeUndefined();
  }
}

let visitorCount = 0;
async function visitorToken(server: TestServer): Promise<string> {
  const id = `limit-visitor-${++visitorCount}`;
  return (await server.tokens.issue({ sub: id, role: 'user', name: id })).token;
}

async function visitorSocket(server: TestServer): Promise<Participant> {
  const token = await visitorToken(server);
  const id = `limit-visitor-${visitorCount}`;
  return connectParticipant(server, { id, role: 'user', name: id }, token);
}

/** Sends `count` events at once from one socket and returns the refusal naming `limit`. */
async function refusalNamed(participant: Participant, count: number, limit: LimitCode): Promise<ErrorPayload> {
  const outcomes = await Promise.all(Array.from({ length: count }, () => participant.refused('user:focus', {}).catch(() => undefined)));
  const refusal = outcomes.find((outcome) => outcome?.details?.limit === limit);
  if (!refusal) throw new Error(`no ${limit} among ${JSON.stringify(outcomes)}`);
  return refusal;
}

async function asVisitor(server: TestServer, act: (vera: Participant) => Promise<ErrorPayload>): Promise<ErrorPayload> {
  const vera = await visitorSocket(server);
  try {
    return await act(vera);
  } finally {
    vera.close();
  }
}

const triggers: Record<LimitCode, Trigger> = {
  signups_per_ip: {
    on: 'tight',
    async run(server) {
      await postJson(`${server.url}/v1/users`, {});
      return restError(`${server.url}/v1/users`, {});
    },
  },
  login_attempts: {
    on: 'tight',
    async run(server) {
      await server.addAgent({ username: 'tried', password: 'right-password', name: 'T', rooms: ['support'] });
      await postJson(`${server.url}/v1/agents/login`, { username: 'tried', password: 'wrong' });
      return restError(`${server.url}/v1/agents/login`, { username: 'tried', password: 'right-password' });
    },
  },
  login_concurrency: {
    on: 'engine',
    run: (server) => restError(`${server.url}/v1/agents/login`, { username: 'anyone', password: 'anything' }),
  },
  request_bytes: {
    // Not on `tight`: its signup limit answers before the body is read.
    on: 'engine',
    run: (server) => restError(`${server.url}/v1/users`, { name: 'x', extraInfo: { note: 'y'.repeat(20_000) } }),
  },
  sockets_per_ip: {
    on: 'engine',
    run: (server) => openUntilRefused(server, () => visitorToken(server), 3),
  },
  sockets_per_user: {
    on: 'tight',
    async run(server) {
      const token = await visitorToken(server);
      return openUntilRefused(server, async () => token, 2);
    },
  },
  events_per_socket: {
    on: 'tight',
    run: (server) => asVisitor(server, (vera) => refusalNamed(vera, 4, 'events_per_socket')),
  },
  events_per_user: {
    on: 'tight',
    run: (server) => asVisitor(server, (vera) => refusalNamed(vera, 4, 'events_per_user')),
  },
  payload_bytes: {
    on: 'engine',
    run: (server) =>
      asVisitor(server, (vera) => vera.refused('messages:send', { chatId: 'c', clientId: 'x', type: 'text', message: 'x'.repeat(400) })),
  },
  field_size: {
    on: 'tight',
    run: (server) =>
      asVisitor(server, (vera) => vera.refused('messages:send', { chatId: 'c', clientId: 'x', type: 'text', message: 'x'.repeat(4001) })),
  },
  chats_per_visitor: {
    on: 'engine',
    run: (server) =>
      asVisitor(server, async (vera) => {
        const { chat } = await vera.send('chats:create', { room: 'billing', source: 'web', creator: vera.user.id });
        await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
        return vera.refused('chats:create', { room: 'billing', source: 'web', creator: vera.user.id });
      }),
  },
  unknown_room: {
    on: 'engine',
    run: (server) => asVisitor(server, (vera) => vera.refused('chats:create', { room: 'made-up', source: 'web', creator: vera.user.id })),
  },
  offer_bounds: {
    on: 'engine',
    run: (server) =>
      asVisitor(server, async (vera) => {
        const { chat } = await vera.send('chats:create', { room: 'billing', source: 'web', creator: vera.user.id });
        return vera.refused('chats:assign', { chatId: chat.id, interval: 0.1 });
      }),
  },
  history_per_chat: {
    on: 'engine',
    run: (server) =>
      asVisitor(server, async (vera) => {
        const { chat } = await vera.send('chats:create', { room: 'billing', source: 'web', creator: vera.user.id });
        const entry = { created: 1_700_000_000, type: 'text' as const, message: 'old', sender: 'assistant' };
        return vera.refused('history:import', { chatId: chat.id, history: [entry, entry] });
      }),
  },
  file_bytes: {
    on: 'engine',
    run: (server) => asVisitor(server, async (vera) => (await upload(server.url, vera.token, await billingChat(vera), 'big.txt', new Uint8Array(101).fill(65))).body.error!),
  },
  file_type: {
    on: 'engine',
    run: (server) => asVisitor(server, async (vera) => (await upload(server.url, vera.token, await billingChat(vera), 'x.png', exe)).body.error!),
  },
  files_per_chat: {
    on: 'engine',
    run: (server) =>
      asVisitor(server, async (vera) => {
        const chatId = await billingChat(vera);
        await uploaded(server.url, vera, chatId, 'one.png', png);
        return (await upload(server.url, vera.token, chatId, 'two.png', png)).body.error!;
      }),
  },
};

/** A new chat of the visitor in `billing` (the engine server allows one per visitor). */
async function billingChat(vera: Participant): Promise<string> {
  return (await vera.send('chats:create', { room: 'billing', source: 'web', creator: vera.user.id })).chat.id;
}

async function counted(server: { url: string }, limit: LimitCode): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = new RegExp(`^parley_limit_refusals_total\\{limit="${limit}"\\} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

describe('every LimitCode', () => {
  const servers = {} as Record<ServerName, TestServer>;
  beforeAll(async () => {
    const [tight, engine] = await Promise.all([startTestServer(serverOptions.tight), startTestServer(serverOptions.engine)]);
    Object.assign(servers, { tight, engine });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  });

  it('covers the protocol’s list exactly', () => {
    expect(Object.keys(triggers).sort()).toEqual([...limitCodes].sort());
  });

  it.each([...limitCodes])('%s: can be hit, names itself in details.limit and is counted', async (code) => {
    const trigger = triggers[code];
    const server = servers[trigger.on];
    const before = await counted(server, code);
    const refusal = await trigger.run(server);
    expect(refusal.details?.limit).toBe(code);
    // What a client gets: core rejects with ParleyError.fromPayload, whose `limit` is typed LimitCode.
    expect(ParleyError.fromPayload(refusal).limit).toBe(code);
    expect(['rate_limited', 'not_found', 'payload_too_large', 'invalid_payload']).toContain(refusal.code);
    expect(await counted(server, code)).toBeGreaterThan(before);
    process.stdout.write(`[limit codes] ${code}: ${refusal.code}, counted in parley_limit_refusals_total\n`);
  }, 60_000);
});
