import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { limits } from '@parley/protocol';
import type { ErrorPayload, Session, User } from '@parley/protocol';
import type { TestServer } from './harness';
import { agent, connectParticipant, logIn, openSocket, postJson, signUp, startTestServer, visitor } from './harness';
import { createPgliteDataDir } from '../src/store/testDatabases';

/** PROTOCOL.md §1's REST half, over real HTTP against a real server. */

interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

async function request(
  server: { url: string },
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const response = await fetch(`${server.url}${path}`, { method, headers: init.headers, body: init.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function errorOf(answer: { json: unknown } | { body: unknown }): ErrorPayload {
  const body = 'json' in answer ? answer.json : answer.body;
  return (body as { error: ErrorPayload }).error;
}

/** The `connect_error` of a socket that must be refused at the handshake. */
async function handshakeRefusal(server: { url: string }, token: string): Promise<string | undefined> {
  const socket = openSocket(server, token);
  try {
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected')));
      socket.once('connect_error', resolve);
    });
    return error.data?.code;
  } finally {
    socket.close();
  }
}

const day = 24 * 3600 * 1000;

describe('REST', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('POST /v1/users', () => {
    it('signs up a visitor: 201 with the user and a session whose token opens a socket', async () => {
      const before = Date.now();
      const { status, body } = await postJson(`${server.url}/v1/users`, { name: 'Ada', contact: 'ada@example.com', extraInfo: { plan: 'pro' } });
      expect(status).toBe(201);
      const { user, session } = body as { user: User; session: Session };
      expect(user).toEqual({ id: expect.any(String), role: 'user', name: 'Ada', contact: 'ada@example.com', extraInfo: { plan: 'pro' } });
      expect(session).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      // A visitor's session lasts 30 days (PROTOCOL.md §4): comfortably more than 29 from now.
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(before + 29 * day);
      expect(Date.parse(session.expiresAt)).toBeLessThanOrEqual(Date.now() + 30 * day + 1000);

      const ada = await connectParticipant(server, user, session.token);
      expect(await ada.send('users:chats', { userId: user.id })).toEqual({ chats: [] });
      const { chat } = await ada.send('chats:create', { room: 'rest-signup', source: 'web', creator: user.id });
      expect(chat.creator).toBe(user.id);
      ada.close();
    });

    it('gives a default name when none is given, with or without a body', async () => {
      const empty = await postJson(`${server.url}/v1/users`, {});
      expect(empty.status).toBe(201);
      const emptyUser = (empty.body as { user: User }).user;
      expect(emptyUser.role).toBe('user');
      expect(emptyUser.name).toEqual(expect.any(String));
      expect(emptyUser.name.length).toBeGreaterThan(0);

      const bodiless = await request(server, 'POST', '/v1/users');
      expect(bodiless.status).toBe(201);
      expect((bodiless.json as { user: User }).user).toMatchObject({ role: 'user', name: expect.any(String) });
    });

    it('trims the name and gives every visitor its own id', async () => {
      const first = await signUp(server, { name: '  Bo  ' });
      const second = await signUp(server, { name: 'Bo' });
      expect(first.user.name).toBe('Bo');
      expect(first.user.id).not.toBe(second.user.id);
      expect(first.session.token).not.toBe(second.session.token);
    });

    it.each([
      ['an unknown key', { name: 'Ada', role: 'agent' }, 'role'],
      ['a name of the wrong type', { name: 5 }, 'name'],
      ['a contact of the wrong type', { contact: ['a'] }, 'contact'],
      ['a name over the length limit', { name: 'n'.repeat(limits.profileFieldLength + 1) }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['nested extraInfo', { extraInfo: { address: { city: 'Oslo' } } }, 'extraInfo'],
      ['an array body', [], undefined],
      ['a string body', 'Ada', undefined],
    ])('refuses %s with 400 invalid_payload', async (_label, body, path) => {
      const answer = await postJson(`${server.url}/v1/users`, body);
      expect(answer.status).toBe(400);
      const error = errorOf(answer);
      expect(error).toMatchObject({ code: 'invalid_payload', message: expect.any(String) });
      if (path) expect(error.message).toContain(path);
    });

    it('refuses invalid JSON text with 400 invalid_payload', async () => {
      for (const text of ['{"name":', '{name: "Ada"}', "{'name':'Ada'}", '{"name":"Ada"} trailing']) {
        const answer = await request(server, 'POST', '/v1/users', { body: text, headers: { 'content-type': 'application/json' } });
        expect(answer.status, text).toBe(400);
        expect(errorOf(answer), text).toMatchObject({ code: 'invalid_payload', message: expect.any(String) });
      }
    });

    it('refuses a __proto__ key instead of merging it', async () => {
      const answer = await request(server, 'POST', '/v1/users', {
        body: '{"name":"Ada","__proto__":{"role":"agent"}}',
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(errorOf(answer).code).toBe('invalid_payload');
    });

    it('refuses a body that is not JSON with 400 invalid_payload', async () => {
      const plain = await request(server, 'POST', '/v1/users', { body: 'name=Ada', headers: { 'content-type': 'text/plain' } });
      expect(plain.status).toBe(400);
      expect(errorOf(plain)).toMatchObject({ code: 'invalid_payload', message: expect.any(String) });
      const form = await request(server, 'POST', '/v1/users', {
        body: 'name=Ada',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(400);
      expect(errorOf(form).code).toBe('invalid_payload');
    });

    it('refuses a body over the limit with 413 payload_too_large', async () => {
      const small = await startTestServer({ limits: { maxPayloadBytes: 1024 } });
      try {
        const fits = await postJson(`${small.url}/v1/users`, { name: 'n'.repeat(150) });
        expect(fits.status).toBe(201);
        const big = await request(small, 'POST', '/v1/users', {
          body: JSON.stringify({ name: 'Ada', contact: 'c'.repeat(2000) }),
          headers: { 'content-type': 'application/json' },
        });
        expect(big.status).toBe(413);
        expect(errorOf(big)).toMatchObject({ code: 'payload_too_large', message: expect.any(String) });
        // The server is still fine afterwards.
        expect((await request(small, 'GET', '/healthz')).status).toBe(200);
      } finally {
        await small.stop();
      }
    });
  });

  describe('POST /v1/agents/login', () => {
    beforeAll(async () => {
      await server.addAgent({ username: 'rest-ana', password: 'right-password', name: 'Ana Agent', rooms: ['rest-login'] });
    });

    it('signs in an agent: 200 with the agent and a 12-hour session', async () => {
      const before = Date.now();
      const { status, body } = await postJson(`${server.url}/v1/agents/login`, { username: 'rest-ana', password: 'right-password' });
      expect(status).toBe(200);
      const { user, session } = body as { user: User; session: Session };
      expect(user).toMatchObject({ id: 'rest-ana', role: 'agent', name: 'Ana Agent' });
      expect(session).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(before + 11 * 3600 * 1000);
      expect(Date.parse(session.expiresAt)).toBeLessThanOrEqual(Date.now() + 12 * 3600 * 1000 + 1000);

      const ana = await connectParticipant(server, user, session.token);
      expect((await ana.send('agents:status', { status: 'away' })).user).toMatchObject({ id: 'rest-ana', status: 'away' });
      ana.close();
    });

    it('refuses a wrong password and an unknown user alike: 401 unauthorized', async () => {
      const wrong = await postJson(`${server.url}/v1/agents/login`, { username: 'rest-ana', password: 'wrong-password' });
      const unknown = await postJson(`${server.url}/v1/agents/login`, { username: 'rest-nobody', password: 'right-password' });
      for (const answer of [wrong, unknown]) {
        expect(answer.status).toBe(401);
        expect(errorOf(answer)).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
      }
      // Nothing in the answer tells the two apart.
      expect(errorOf(wrong).message).toBe(errorOf(unknown).message);
    });

    it.each([
      ['a missing password', { username: 'rest-ana' }],
      ['a missing username', { password: 'right-password' }],
      ['an empty password', { username: 'rest-ana', password: '' }],
      ['a password of the wrong type', { username: 'rest-ana', password: 12345 }],
      ['an unknown key', { username: 'rest-ana', password: 'right-password', role: 'agent' }],
      ['no body at all', undefined],
    ])('refuses %s with 400 invalid_payload', async (_label, body) => {
      const answer =
        body === undefined ? await request(server, 'POST', '/v1/agents/login') : await postJson(`${server.url}/v1/agents/login`, body);
      expect(answer.status).toBe(400);
      expect(errorOf(answer).code).toBe('invalid_payload');
    });

    it('gives a visitor no way in as an agent', async () => {
      const vera = await signUp(server, { name: 'Vera' });
      // Its id as username and its token as password: visitors have no credentials.
      const asUsername = await postJson(`${server.url}/v1/agents/login`, { username: vera.user.id, password: vera.session.token });
      expect(asUsername.status).toBe(401);
      expect(errorOf(asUsername).code).toBe('unauthorized');
      // Its token as a bearer header does not stand in for credentials.
      const bearer = await request(server, 'POST', '/v1/agents/login', {
        body: '{}',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${vera.session.token}` },
      });
      expect(bearer.status).toBe(400);
      // An agent token minted for the visitor's id is refused at the handshake: the user is a visitor.
      const forged = await server.tokens.issue({ sub: vera.user.id, role: 'agent', name: 'Vera' });
      expect(await handshakeRefusal(server, forged.token)).toBe('unauthorized');
      // And its own socket cannot act as an agent.
      const socket = await connectParticipant(server, vera.user, vera.session.token);
      expect((await socket.refused('agents:status', { status: 'online' })).code).toBe('forbidden');
      socket.close();
      // Nor can an agent account be created over its id.
      await expect(server.addAgent({ username: vera.user.id, password: 'x', name: 'Vera', rooms: ['rest-login'] })).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it('lets an agent whose password was changed in only with the new one', async () => {
      await server.addAgent({ username: 'rest-cai', password: 'first-password', name: 'Cai', rooms: ['rest-login'] });
      await logIn(server, 'rest-cai', 'first-password');
      await server.addAgent({ username: 'rest-cai', password: 'second-password', name: 'Cai', rooms: ['rest-login'] });
      expect((await postJson(`${server.url}/v1/agents/login`, { username: 'rest-cai', password: 'first-password' })).status).toBe(401);
      expect((await logIn(server, 'rest-cai', 'second-password')).user.id).toBe('rest-cai');
    });
  });

  describe('GET /v1/agents/available', () => {
    async function available(query: string): Promise<HttpAnswer> {
      return request(server, 'GET', `/v1/agents/available${query}`);
    }

    it('counts online agents per room, and drops one after its socket closed and the grace passed', async () => {
      const rooms = ['avail-support', 'avail-sales'];
      expect((await available(`?rooms=${rooms.join(',')}`)).json).toEqual({ agents: { 'avail-support': 0, 'avail-sales': 0 } });

      // Known but not connected: offline, not counted.
      await server.addAgent({ username: 'avail-idle', password: 'secret-pass', name: 'Idle', rooms });
      expect((await available(`?rooms=${rooms.join(',')}`)).json).toEqual({ agents: { 'avail-support': 0, 'avail-sales': 0 } });

      const sam = await agent(server, 'avail-sam', ['avail-support']);
      const answer = await available('?rooms=avail-support,avail-sales');
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ agents: { 'avail-support': 1, 'avail-sales': 0 } });
      // No auth needed, and the widget may call it from another origin.
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');

      const sue = await agent(server, 'avail-sue', rooms);
      expect((await available('?rooms=avail-support,avail-sales')).json).toEqual({ agents: { 'avail-support': 2, 'avail-sales': 1 } });

      sam.close();
      await vi.waitFor(
        async () => {
          expect((await available('?rooms=avail-support,avail-sales')).json).toEqual({ agents: { 'avail-support': 1, 'avail-sales': 1 } });
        },
        { timeout: 10_000, interval: 25 },
      );
      sue.close();
      await vi.waitFor(
        async () => {
          expect((await available('?rooms=avail-support,avail-sales')).json).toEqual({ agents: { 'avail-support': 0, 'avail-sales': 0 } });
        },
        { timeout: 10_000, interval: 25 },
      );
    });

    it('does not count an agent who is away', async () => {
      const amy = await agent(server, 'avail-amy', ['avail-away']);
      expect((await available('?rooms=avail-away')).json).toEqual({ agents: { 'avail-away': 1 } });
      await amy.send('agents:status', { status: 'away' });
      expect((await available('?rooms=avail-away')).json).toEqual({ agents: { 'avail-away': 0 } });
      amy.close();
    });

    it('ignores blanks and spaces around room names', async () => {
      expect((await available('?rooms=%20avail-x%20,,avail-y,')).json).toEqual({ agents: { 'avail-x': 0, 'avail-y': 0 } });
    });

    it.each([
      ['missing rooms', ''],
      ['empty rooms', '?rooms='],
      ['only commas', '?rooms=,,,'],
      ['rooms given twice', '?rooms=a&rooms=b'],
      ['more than 20 rooms', `?rooms=${Array.from({ length: 21 }, (_, i) => `r${i}`).join(',')}`],
      ['a room name over the limit', `?rooms=${'r'.repeat(limits.nameLength + 1)}`],
    ])('refuses %s with 400 invalid_payload', async (_label, query) => {
      const answer = await available(query);
      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: 'invalid_payload', message: expect.stringContaining('rooms') });
    });
  });

  describe('health, routing, CORS', () => {
    it('GET /healthz answers 200 { ok: true } with each dependency up', async () => {
      const answer = await request(server, 'GET', '/healthz');
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ ok: true, dependencies: { database: { up: true } } });
    });

    it.each([
      ['GET', '/nope'],
      ['GET', '/v1/users'],
      ['POST', '/v1/agents/available'],
      ['DELETE', '/v1/users'],
      ['GET', '/v2/users'],
    ])('answers %s %s with 404 not_found', async (method, path) => {
      const answer = await request(server, method, path);
      expect(answer.status).toBe(404);
      expect(errorOf(answer)).toMatchObject({ code: 'not_found', message: expect.stringContaining(path) });
    });

    it('does not echo the query string of an unknown route', async () => {
      const answer = await request(server, 'GET', '/nope?token=secret-value');
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain('secret-value');
    });

    it('answers a CORS preflight with 204 and the allowed origin, methods and headers', async () => {
      const answer = await request(server, 'OPTIONS', '/v1/users', {
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
      expect(answer.headers.get('access-control-allow-headers')).toContain('content-type');
      expect(answer.text).toBe('');
    });

    it('sends access-control-allow-origin on answers and errors alike', async () => {
      const signup = await request(server, 'POST', '/v1/users', {
        body: '{}',
        headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      });
      expect(signup.headers.get('access-control-allow-origin')).toBe('*');
      const refused = await request(server, 'POST', '/v1/users', { body: '{"x":1}', headers: { 'content-type': 'application/json' } });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('access-control-allow-origin')).toBe('*');
      expect((await request(server, 'GET', '/nope')).headers.get('access-control-allow-origin')).toBe('*');
    });
  });
});

describe('GET /metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function scrape(): Promise<string> {
    const answer = await request(server, 'GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    return answer.text;
  }

  /** The value of one sample, found by name and a set of labels in any order. */
  function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
    for (const line of text.split('\n')) {
      const match = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
      if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
    }
    return undefined;
  }

  it('serves Prometheus text with sockets, events by name and outcome, ack latency and queue lengths', async () => {
    const idle = await scrape();
    expect(idle).toContain('# TYPE parley_connected_sockets gauge');
    expect(sample(idle, 'parley_connected_sockets')).toBe(0);
    expect(idle).toContain('# TYPE parley_events_total counter');
    expect(idle).toContain('# TYPE parley_ack_latency_seconds histogram');
    expect(idle).toContain('parley_process_');

    const vera = await visitor(server);
    await vi.waitFor(async () => expect(sample(await scrape(), 'parley_connected_sockets')).toBe(1), { timeout: 10_000, interval: 25 });

    await vera.send('users:chats', { userId: vera.user.id });
    await vera.send('users:chats', { userId: vera.user.id });
    expect((await vera.refused('users:chats', { userId: 'someone-else' })).code).toBe('forbidden');
    expect((await vera.refused('chats:explode', {})).code).toBe('invalid_payload');
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    await vera.send('chats:assign', { chatId: chat.id });

    const text = await scrape();
    expect(sample(text, 'parley_events_total', { event: 'users:chats', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'parley_events_total', { event: 'users:chats', outcome: 'forbidden' })).toBe(1);
    expect(sample(text, 'parley_events_total', { event: 'unknown', outcome: 'invalid_payload' })).toBe(1);
    expect(sample(text, 'parley_events_total', { event: 'chats:assign', outcome: 'ok' })).toBe(1);
    expect(text).toMatch(/^parley_ack_latency_seconds_bucket\{[^}]*le="\+Inf"[^}]*\} \d+$/m);
    expect(sample(text, 'parley_ack_latency_seconds_bucket', { event: 'users:chats', le: '+Inf' })).toBe(3);
    expect(sample(text, 'parley_ack_latency_seconds_count', { event: 'users:chats' })).toBe(3);
    // Nobody serves room support here: the chat waits in its queue.
    expect(sample(text, 'parley_queue_length', { room: 'support' })).toBe(1);
    expect(text).toContain('parley_queue_length{room="support"} 1');

    vera.close();
    await vi.waitFor(async () => expect(sample(await scrape(), 'parley_connected_sockets')).toBe(0), { timeout: 10_000, interval: 25 });
  });

  it('shows an emptied queue once an agent takes the chat', async () => {
    const vic = await visitor(server, 'Vic');
    const { chat } = await vic.send('chats:create', { room: 'metrics-room', source: 'web', creator: vic.user.id });
    await vic.send('chats:assign', { chatId: chat.id });
    expect(sample(await scrape(), 'parley_queue_length', { room: 'metrics-room' })).toBe(1);
    const mo = await agent(server, 'metrics-mo', ['metrics-room']);
    const invitation = await mo.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    expect(invitation.chat.id).toBe(chat.id);
    expect(sample(await scrape(), 'parley_queue_length', { room: 'metrics-room' })).toBe(0);
    vic.close();
    mo.close();
  });
});

describe('--demo seeding', () => {
  it('seeds agent1/demo and agent2/demo, and seeding again on the same data dir neither fails nor duplicates', async () => {
    const dataDir = (await createPgliteDataDir('parley-demo-')).value;
    try {
      const first = await startTestServer({ demo: true, dataDir });
      let hashes: (string | undefined)[];
      try {
        const one = await logIn(first, 'agent1', 'demo');
        const two = await logIn(first, 'agent2', 'demo');
        expect(one.user).toMatchObject({ id: 'agent1', role: 'agent' });
        expect(two.user).toMatchObject({ id: 'agent2', role: 'agent' });
        expect((await postJson(`${first.url}/v1/agents/login`, { username: 'agent1', password: 'wrong' })).status).toBe(401);
        hashes = [(await first.store.getCredentials('agent1'))?.passwordHash, (await first.store.getCredentials('agent2'))?.passwordHash];
        expect(hashes).toEqual([expect.any(String), expect.any(String)]);
      } finally {
        await first.stop();
      }

      const second = await startTestServer({ demo: true, dataDir });
      try {
        expect((await logIn(second, 'agent1', 'demo')).user.id).toBe('agent1');
        expect((await logIn(second, 'agent2', 'demo')).user.id).toBe('agent2');
        // Not re-seeded: the stored logins are the very same, and room support has two agents, not four.
        expect([(await second.store.getCredentials('agent1'))?.passwordHash, (await second.store.getCredentials('agent2'))?.passwordHash]).toEqual(
          hashes,
        );
        const agents = await second.store.transaction((tx) => tx.listRoomAgents('support'));
        expect(agents.map((entry) => entry.user.id).sort()).toEqual(['agent1', 'agent2']);
        // Both are usable: signed in, they come online in room support.
        const { user, session } = await logIn(second, 'agent1', 'demo');
        const ada = await connectParticipant(second, user, session.token);
        await vi.waitFor(
          async () => expect((await request(second, 'GET', '/v1/agents/available?rooms=support')).json).toEqual({ agents: { support: 1 } }),
          { timeout: 10_000, interval: 25 },
        );
        ada.close();
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('makes room support one the demo admin manages (welcome, reply time, hours), unless the command line configures it', async () => {
    const seeded = await startTestServer({ demo: true, rooms: undefined });
    try {
      const rooms = await seeded.administration.listRooms();
      expect(rooms).toEqual([expect.objectContaining({ name: 'support', source: 'database', welcome: expect.any(String), replyTime: 'minutes' })]);
      expect((await request(seeded, 'GET', '/v1/rooms/support')).json).toMatchObject({ room: { name: 'support', replyTime: 'minutes' } });
      await seeded.administration.updateRoom('agent1', 'support', { welcome: 'Hello from the admin' });
      expect((await request(seeded, 'GET', '/v1/rooms/support')).json).toMatchObject({ room: { welcome: 'Hello from the admin' } });
    } finally {
      await seeded.stop();
    }
    const configured = await startTestServer({ demo: true, roomSettings: { support: { welcome: 'From the config' } } });
    try {
      expect(await configured.administration.listRooms()).toEqual([expect.objectContaining({ name: 'support', source: 'config' })]);
      expect((await request(configured, 'GET', '/v1/rooms/support')).json).toMatchObject({ room: { welcome: 'From the config' } });
    } finally {
      await configured.stop();
    }
  });
});
