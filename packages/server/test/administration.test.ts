import { randomBytes } from 'node:crypto';
import { roomInfo } from '@parley/core';
import type { AdminAgent, AdminRoom, AuditEntry, PasswordLink, User } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayPostgres } from '../src/store/testDatabases';
import type { StoreKind, TestServer } from './harness';
import { agent, connectParticipant, openSocket, startTestServer, startTestServerOn, storeKinds, testRedisUrl as redisUrl, visitor } from './harness';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

async function call<T = Record<string, unknown>>(url: string, method: 'GET' | 'POST', token?: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (response.status === 204 ? {} : await response.json()) as Answer<T>['body'] };
}

async function login(server: { url: string }, username: string, password: string): Promise<Answer<{ user: User; session: { token: string } }>> {
  return call(`${server.url}/v1/agents/login`, 'POST', undefined, { username, password });
}

/** The first-run path: the setup link makes the first admin, who signs in with the password they chose. */
async function firstAdmin(server: TestServer): Promise<string> {
  const link = await server.administration.setupLinkIfNoAdmin();
  expect(link?.purpose).toBe('setup');
  const accepted = await call<{ session: { token: string }; admin: boolean }>(`${server.url}/v1/agents/password-link`, 'POST', undefined, {
    token: link!.token,
    password: 'boss-password',
    username: 'boss',
    name: 'Bo Boss',
  });
  expect(accepted.status).toBe(200);
  expect(accepted.body.admin).toBe(true);
  return accepted.body.session.token;
}

describe.each(storeKinds.map((kind) => [kind]))('administration on %s (issue 16)', (kind: StoreKind) => {
  let server: TestServer;
  let clock = Date.parse('2026-01-05T08:30:00Z'); // a Monday, 09:30 in Berlin
  let admin: string;
  beforeAll(async () => {
    server = await startTestServerOn(kind, { rooms: [], roomSettings: { configured: { welcome: 'From the config' } }, now: () => clock });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('first run: a one-time setup link makes the first admin; the link works once and no more links are offered', async () => {
    const peek = await call(`${server.url}/v1/agents/password-link?token=${(await server.administration.setupLinkIfNoAdmin())!.token}`, 'GET');
    expect(peek.body).toEqual({ purpose: 'setup' });
    const link = (await server.administration.setupLinkIfNoAdmin())!;
    expect(link.url).toBe(`${server.url}/console/#link=${link.token}`);
    // A password too short is refused without using the link up.
    const short = await call(`${server.url}/v1/agents/password-link`, 'POST', undefined, { token: link.token, password: 'short', username: 'boss', name: 'Bo' });
    expect(short.status).toBe(400);
    admin = await firstAdmin(server);
    const again = await call(`${server.url}/v1/agents/password-link`, 'POST', undefined, { token: link.token, password: 'another-password', username: 'eve', name: 'Eve' });
    expect(again.status).toBe(409); // the other setup link, still unused, cannot make a second admin
    expect(await server.administration.setupLinkIfNoAdmin()).toBeUndefined();
    expect((await login(server, 'boss', 'boss-password')).status).toBe(200);
    const me = await call<{ admin: boolean; user: User }>(`${server.url}/v1/agents/me`, 'GET', admin);
    expect(me.body).toMatchObject({ admin: true, user: { id: 'boss', name: 'Bo Boss', role: 'agent' } });
  });

  it('invites an agent by link: name, rooms, capacity, avatar; the agent sets a password and signs in', async () => {
    const created = await call<{ agent: AdminAgent; link: PasswordLink }>(`${server.url}/v1/admin/agents`, 'POST', admin, {
      username: 'ada',
      name: 'Ada Agent',
      rooms: ['sales'],
      capacity: 5,
      avatarUrl: 'https://example.com/ada.png',
    });
    expect(created.status).toBe(201);
    expect(created.body.agent).toMatchObject({ rooms: ['sales'], capacity: 5, admin: false, disabled: false, hasPassword: false });
    expect(created.body.agent.user).toMatchObject({ id: 'ada', name: 'Ada Agent', avatarUrl: 'https://example.com/ada.png' });
    expect((await login(server, 'ada', 'anything-at-all')).status).toBe(401);
    const peek = await call<{ purpose: string; user: User }>(`${server.url}/v1/agents/password-link?token=${created.body.link.token}`, 'GET');
    expect(peek.body).toMatchObject({ purpose: 'invite', user: { id: 'ada' } });
    const accepted = await call<{ session: { token: string }; admin: boolean }>(`${server.url}/v1/agents/password-link`, 'POST', undefined, {
      token: created.body.link.token,
      password: 'ada-password',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.admin).toBe(false);
    expect((await login(server, 'ada', 'ada-password')).status).toBe(200);
    const used = await call(`${server.url}/v1/agents/password-link`, 'POST', undefined, { token: created.body.link.token, password: 'taken-over-pw' });
    expect(used.status).toBe(404);
    expect((await call(`${server.url}/v1/admin/agents`, 'POST', admin, { username: 'ada', name: 'Again' })).status).toBe(409);
  });

  it('changes an agent’s rooms and capacity, and the agent serves the new room', async () => {
    const updated = await call<{ agent: AdminAgent }>(`${server.url}/v1/admin/agents/ada`, 'POST', admin, { rooms: ['sales', 'billing'], capacity: 2 });
    expect(updated.body.agent).toMatchObject({ rooms: ['sales', 'billing'], capacity: 2, user: { avatarUrl: 'https://example.com/ada.png' } });
    const list = await call<{ agents: AdminAgent[] }>(`${server.url}/v1/admin/agents`, 'GET', admin);
    expect(list.body.agents.map((agent) => [agent.user.id, agent.admin, agent.hasPassword])).toEqual([
      ['ada', false, true],
      ['boss', true, true],
    ]);
    // The agent reads their own rooms (the console offers them as canned-response scopes), at once.
    const session = (await login(server, 'ada', 'ada-password')).body.session.token;
    const me = await call<{ admin: boolean; user: User; rooms: string[] }>(`${server.url}/v1/agents/me`, 'GET', session);
    expect(me.body).toMatchObject({ admin: false, user: { id: 'ada' }, rooms: ['sales', 'billing'] });
  });

  it('lets an agent change their own password (with the current one) and an admin reset it by link', async () => {
    const session = (await login(server, 'ada', 'ada-password')).body.session.token;
    expect((await call(`${server.url}/v1/agents/me/password`, 'POST', session, { currentPassword: 'wrong', newPassword: 'ada-password-2' })).status).toBe(403);
    expect((await call(`${server.url}/v1/agents/me/password`, 'POST', session, { currentPassword: 'ada-password', newPassword: 'ada-password-2' })).status).toBe(204);
    expect((await login(server, 'ada', 'ada-password')).status).toBe(401);
    const reset = await call<{ link: PasswordLink }>(`${server.url}/v1/admin/agents/ada/password-reset`, 'POST', admin);
    expect(reset.status).toBe(201);
    expect(reset.body.link.purpose).toBe('reset');
    await call(`${server.url}/v1/agents/password-link`, 'POST', undefined, { token: reset.body.link.token, password: 'ada-password-3' });
    expect((await login(server, 'ada', 'ada-password-2')).status).toBe(401);
    expect((await login(server, 'ada', 'ada-password-3')).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    const reset = await call<{ link: PasswordLink }>(`${server.url}/v1/admin/agents/ada/password-reset`, 'POST', admin);
    clock += 25 * 3600_000;
    try {
      const late = await call(`${server.url}/v1/agents/password-link`, 'POST', undefined, { token: reset.body.link.token, password: 'too-late-password' });
      expect(late.status).toBe(404);
    } finally {
      clock -= 25 * 3600_000;
    }
  });

  it('deactivates an agent: their socket is dropped, sign-in, sockets and admin calls are refused', async () => {
    const { session, user } = (await login(server, 'ada', 'ada-password-3')).body;
    const socket = await connectParticipant(server, user, session.token);
    const dropped = new Promise<void>((resolve) => socket.socket.once('disconnect', () => resolve()));
    const disabled = await call<{ agent: AdminAgent }>(`${server.url}/v1/admin/agents/ada`, 'POST', admin, { disabled: true });
    expect(disabled.body.agent).toMatchObject({ disabled: true, user: { status: 'offline' } });
    await dropped;
    expect((await login(server, 'ada', 'ada-password-3')).status).toBe(403);
    const reconnect = openSocket(server, session.token);
    const outcome = await new Promise<string>((resolve) => {
      reconnect.once('connect', () => resolve('connected'));
      reconnect.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
    });
    reconnect.close();
    expect(outcome).toBe('unauthorized');
    expect((await call(`${server.url}/v1/agents/me`, 'GET', session.token)).status).toBe(403);
    // Admins cannot lock themselves out.
    expect((await call(`${server.url}/v1/admin/agents/boss`, 'POST', admin, { disabled: true })).status).toBe(409);
    expect((await call(`${server.url}/v1/admin/agents/boss`, 'POST', admin, { admin: false })).status).toBe(409);
    await call(`${server.url}/v1/admin/agents/ada`, 'POST', admin, { disabled: false });
    expect((await login(server, 'ada', 'ada-password-3')).status).toBe(200);
  });

  it('creates a room: visitors may chat in it at once, and it tells its welcome and reply time', async () => {
    const client = await visitor(server, 'Vera');
    expect((await client.refused('chats:create', { room: 'garden', source: 'web', creator: client.user.id })).code).toBe('not_found');
    const created = await call<{ room: AdminRoom }>(`${server.url}/v1/admin/rooms`, 'POST', admin, { name: 'garden', welcome: 'Hello from the garden', replyTime: 'hours' });
    expect(created.status).toBe(201);
    expect(created.body.room).toMatchObject({ name: 'garden', source: 'database', open: true });
    expect(created.body.room.snippet).toBe(`<script src="${server.url}/widget/parley-widget.js" data-room="garden" async></script>`);
    expect(await roomInfo(server.url, 'garden')).toEqual({ name: 'garden', welcome: 'Hello from the garden', replyTime: 'hours' });
    await client.send('chats:create', { room: 'garden', source: 'web', creator: client.user.id });
    client.close();
    expect((await call(`${server.url}/v1/admin/rooms`, 'POST', admin, { name: 'garden' })).status).toBe(409);
    // Rooms of the command line stay, listed read-only.
    expect((await call(`${server.url}/v1/admin/rooms`, 'POST', admin, { name: 'configured' })).status).toBe(409);
    expect((await call(`${server.url}/v1/admin/rooms/configured`, 'POST', admin, { welcome: 'x' })).status).toBe(409);
    expect((await call(`${server.url}/v1/admin/rooms/nowhere`, 'POST', admin, { welcome: 'x' })).status).toBe(404);
    const rooms = await call<{ rooms: AdminRoom[] }>(`${server.url}/v1/admin/rooms`, 'GET', admin);
    expect(rooms.body.rooms.map((room) => [room.name, room.source])).toEqual([
      ['configured', 'config'],
      ['garden', 'database'],
    ]);
    expect(await roomInfo(server.url, 'configured')).toEqual({ name: 'configured', welcome: 'From the config' });
  });

  it('keeps a room’s teamEmail in the database: set, changed, cleared with null; admins see it, visitors never do', async () => {
    // A server of its own: the other tests here count the shared one's rooms and audit entries.
    const server = await startTestServerOn(kind, { rooms: [] });
    try {
      await server.addAgent({ username: 'mail-admin', password: 'admin-password', name: 'Mail Admin', rooms: [], admin: true });
      const admin = (await server.tokens.issue({ sub: 'mail-admin', role: 'agent', name: 'Mail Admin' })).token;
      const created = await call<{ room: AdminRoom }>(`${server.url}/v1/admin/rooms`, 'POST', admin, { name: 'mailroom', teamEmail: 'desk@example.com' });
      expect(created.body.room).toMatchObject({ name: 'mailroom', teamEmail: 'desk@example.com' });
      const changed = await call<{ room: AdminRoom }>(`${server.url}/v1/admin/rooms/mailroom`, 'POST', admin, { teamEmail: ['a@example.com', 'b@example.com'], welcome: 'Hi' });
      expect(changed.body.room).toMatchObject({ teamEmail: ['a@example.com', 'b@example.com'], welcome: 'Hi' });
      // Stored, not only echoed: the listing reads it back from the table.
      const listed = await call<{ rooms: AdminRoom[] }>(`${server.url}/v1/admin/rooms`, 'GET', admin);
      expect(listed.body.rooms.find((room) => room.name === 'mailroom')?.teamEmail).toEqual(['a@example.com', 'b@example.com']);
      expect(await roomInfo(server.url, 'mailroom')).toEqual({ name: 'mailroom', welcome: 'Hi' });
      expect((await call(`${server.url}/v1/admin/rooms/mailroom`, 'POST', admin, { teamEmail: ['not an address'] })).status).toBe(400);
      const cleared = await call<{ room: AdminRoom }>(`${server.url}/v1/admin/rooms/mailroom`, 'POST', admin, { teamEmail: null });
      expect(cleared.body.room).not.toHaveProperty('teamEmail');
      expect(cleared.body.room.welcome).toBe('Hi');
      const audit = await call<{ entries: { action: string; target: string }[] }>(`${server.url}/v1/admin/audit`, 'GET', admin);
      expect(audit.body.entries.filter((entry) => entry.target === 'mailroom').map((entry) => entry.action)).toEqual(['room.update', 'room.update', 'room.create']);
    } finally {
      await server.stop();
    }
  });

  it('business hours with a manual clock: open inside, closed outside, in the room’s time zone', async () => {
    const hours = { timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', open: '09:00', close: '17:00' }] };
    const updated = await call<{ room: AdminRoom }>(`${server.url}/v1/admin/rooms/garden`, 'POST', admin, { hours, welcome: null });
    expect(updated.body.room).toMatchObject({ hours, open: true });
    expect(await roomInfo(server.url, 'garden')).toEqual({ name: 'garden', replyTime: 'hours', hours, open: true });
    clock = Date.parse('2026-01-05T16:00:00Z'); // 17:00 in Berlin: closed
    expect((await roomInfo(server.url, 'garden')).open).toBe(false);
    clock = Date.parse('2026-01-12T07:59:00Z'); // next Monday 08:59
    expect((await roomInfo(server.url, 'garden')).open).toBe(false);
    clock = Date.parse('2026-01-12T08:00:00Z'); // 09:00
    expect((await roomInfo(server.url, 'garden')).open).toBe(true);
  });

  it('refuses bad input with invalid_payload: a time zone, a time, a username, an unknown field', async () => {
    const bad = [
      ['/v1/admin/rooms', { name: 'tz', hours: { timeZone: 'Mars/Olympus', weekly: [] } }],
      ['/v1/admin/rooms', { name: 'tz', hours: { timeZone: 'UTC', weekly: [{ day: 'mon', open: '17:00', close: '09:00' }] } }],
      ['/v1/admin/rooms', { name: 'tz', hours: { timeZone: 'UTC', weekly: [{ day: 'someday', open: '09:00', close: '10:00' }] } }],
      ['/v1/admin/rooms', { name: '' }],
      ['/v1/admin/agents', { username: 'has space', name: 'X' }],
      ['/v1/admin/agents', { username: 'x', name: 'X', capacity: 0 }],
      ['/v1/admin/agents', { username: 'x', name: 'X', avatarUrl: 'javascript:alert(1)' }],
      ['/v1/admin/agents', { username: 'x', name: 'X', role: 'admin' }],
      // The server's and imported history's senders are nobody's username.
      ['/v1/admin/agents', { username: 'system', name: 'X' }],
      ['/v1/admin/agents', { username: 'Assistant', name: 'X' }],
    ] as const;
    for (const [path, body] of bad) {
      const answer = await call(`${server.url}${path}`, 'POST', admin, body);
      expect([answer.status, answer.body.error?.code], JSON.stringify(body)).toEqual([400, 'invalid_payload']);
    }
    expect((await call(`${server.url}/v1/admin/audit?limit=0`, 'GET', admin)).status).toBe(400);
    // An entry id past what the store's bigint (and a JS number) holds is bad input, not `internal`.
    for (const before of ['1e20', '99999999999999999999', '-1', '1.5']) {
      const answer = await call(`${server.url}/v1/admin/audit?before=${before}`, 'GET', admin);
      expect([answer.status, answer.body.error?.code], before).toEqual([400, 'invalid_payload']);
    }
  });

  it('records every admin action in the audit log: who, what, when; never a password or a token', async () => {
    const log = await call<{ entries: AuditEntry[] }>(`${server.url}/v1/admin/audit`, 'GET', admin);
    const actions = log.body.entries.map((entry) => `${entry.actor} ${entry.action} ${entry.target}`).reverse();
    expect(actions).toEqual([
      'setup admin.setup boss',
      'boss agent.create ada',
      'ada agent.invite_accepted ada',
      'boss agent.update ada',
      'ada agent.password_change ada',
      'boss agent.password_reset ada',
      'ada agent.password_set ada',
      'boss agent.password_reset ada',
      'boss agent.disable ada',
      'boss agent.enable ada',
      'boss room.create garden',
      'boss room.update garden',
    ]);
    expect(log.body.entries[0]).toMatchObject({ details: { hours: { timeZone: 'Europe/Berlin' }, welcome: null } });
    expect(log.body.entries.every((entry) => !Number.isNaN(Date.parse(entry.at)))).toBe(true);
    expect(JSON.stringify(log.body)).not.toMatch(/password"|token/);
    const page = await call<{ entries: AuditEntry[] }>(`${server.url}/v1/admin/audit?limit=2&before=${log.body.entries[1]!.id}`, 'GET', admin);
    expect(page.body.entries.map((entry) => entry.id)).toEqual([log.body.entries[2]!.id, log.body.entries[3]!.id]);
  });

  it('deactivating an agent hands their open chats back to the room: the visitor is told, a colleague is offered each', async () => {
    const leaving = await agent(server, `leaving-${kind}`, ['handback']);
    const client = await visitor(server, 'Hugo');
    const { chat } = await client.send('chats:create', { room: 'handback', source: 'web', creator: client.user.id });
    await client.send('chats:assign', { chatId: chat.id });
    await leaving.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
    await leaving.send('invitations:accept', { chatId: chat.id });
    const colleague = await agent(server, `colleague-${kind}`, ['handback']);

    await server.addAgent({ username: `lead-${kind}`, password: 'lead-password', name: 'Lead', rooms: [], admin: true });
    const lead = (await login(server, `lead-${kind}`, 'lead-password')).body.session.token;
    expect((await call(`${server.url}/v1/admin/agents/${leaving.user.id}`, 'POST', lead, { disabled: true })).status).toBe(200);
    // The visitor is not left with an agent who can never answer: the agent leaves, the chat is queued again.
    await client.waitFor('user:left', (left) => left.chatId === chat.id && left.user.id === leaving.user.id);
    const offered = await colleague.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
    expect(offered.chat.users).not.toContain(leaving.user.id);
    const accepted = await colleague.send('invitations:accept', { chatId: chat.id });
    expect(accepted.chat).toMatchObject({ status: 'active', assignee: colleague.user.id });
    client.close();
    colleague.close();
    leaving.close();
  });

  it('an agent deactivated as their socket comes online is offline in the answer and stays offline', async () => {
    await server.addAgent({ username: 'dora', password: 'dora-password', name: 'Dora', rooms: ['sales'] });
    for (let round = 0; round < 5; round += 1) {
      const { session, user } = (await login(server, 'dora', 'dora-password')).body;
      // Deactivated the moment the socket is in: its "online" is still on its way.
      const socket = await connectParticipant(server, user, session.token);
      const dropped = new Promise<void>((resolve) => socket.socket.once('disconnect', () => resolve()));
      const disabled = await call<{ agent: AdminAgent }>(`${server.url}/v1/admin/agents/dora`, 'POST', admin, { disabled: true });
      expect(disabled.body.agent.user.status).toBe('offline');
      await dropped;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const agents = await call<{ agents: AdminAgent[] }>(`${server.url}/v1/admin/agents`, 'GET', admin);
      expect(agents.body.agents.find((agent) => agent.user.id === 'dora')?.user.status).toBe('offline');
      await call(`${server.url}/v1/admin/agents/dora`, 'POST', admin, { disabled: false });
    }
  });
});

describe('administration across nodes (PostgreSQL + Redis)', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  let dropDatabase: () => Promise<void>;
  beforeAll(async () => {
    const database = await createThrowawayPostgres();
    dropDatabase = database.remove;
    const redisPrefix = `parley-test-${randomBytes(4).toString('hex')}`;
    // A periodic re-read that never comes within the test: the change must travel through Redis.
    const options = { databaseUrl: database.value, redisUrl, redisPrefix, rooms: [] as string[], roomRefreshMs: 3_600_000 };
    nodeA = await startTestServer(options);
    nodeB = await startTestServer(options);
  });
  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await dropDatabase?.();
  });

  it('a room made on one node is open on the other, and an agent disabled on one is dropped on the other', async () => {
    const admin = await firstAdmin(nodeA);
    await call(`${nodeA.url}/v1/admin/rooms`, 'POST', admin, { name: 'shared', welcome: 'Seen everywhere' });
    await expect.poll(() => roomInfo(nodeB.url, 'shared'), { timeout: 5_000 }).toEqual({ name: 'shared', welcome: 'Seen everywhere' });
    const client = await visitor(nodeB, 'Vera on B');
    await client.send('chats:create', { room: 'shared', source: 'web', creator: client.user.id });
    client.close();

    await nodeA.addAgent({ username: 'cleo', password: 'cleo-password', name: 'Cleo', rooms: ['shared'] });
    const { session, user } = (await login(nodeB, 'cleo', 'cleo-password')).body;
    const onB = await connectParticipant(nodeB, user, session.token);
    const dropped = new Promise<void>((resolve) => onB.socket.once('disconnect', () => resolve()));
    await call(`${nodeA.url}/v1/admin/agents/cleo`, 'POST', admin, { disabled: true });
    await dropped;
    // Node B had Cleo's account in its handshake cache (from the socket above): the change reached it
    // before the disconnect did, so her reconnect there is refused, as on node A.
    for (const node of [nodeB, nodeA]) expect(await handshakeOutcome(node, session.token)).toBe('unauthorized');

    // Reactivated on node A: node B lets her in again.
    await call(`${nodeA.url}/v1/admin/agents/cleo`, 'POST', admin, { disabled: false });
    expect(await handshakeOutcome(nodeB, session.token)).toBe('connected');
  });
});

/** Whether a socket with `token` connects, or the code it is refused with. */
async function handshakeOutcome(server: { url: string }, token: string): Promise<string> {
  const socket = openSocket(server, token);
  try {
    return await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
    });
  } finally {
    socket.close();
  }
}
