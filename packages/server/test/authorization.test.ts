import type { ClientEventName, ErrorPayload, User } from '@parley/protocol';
import { clientEventNames } from '@parley/protocol';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../src/adminRoutes';
import { webhookRoutes } from '../src/webhooks/webhookRoutes';
import type { Participant, TestServer } from './harness';
import { connectParticipant, openSocket, startTestServer } from './harness';

/**
 * The authorization matrix of PROTOCOL.md §4 (issue 13): every client event × every kind of caller,
 * against a real server. Socket actors get a fresh chat per cell: the visitor `own` created it in
 * room support, agent `assigned` joined it, `roomAgent` serves support without being a member,
 * `otherRoomAgent` serves sales only, `otherVisitor` is a stranger. A refused cell must change nothing.
 * Token actors never get a socket: each is refused `unauthorized` at the handshake.
 */

type SocketActor = 'own' | 'otherVisitor' | 'assigned' | 'otherRoomAgent' | 'roomAgent';
type Outcome = 'ok' | ErrorPayload['code'];

const socketActors: readonly SocketActor[] = ['own', 'otherVisitor', 'assigned', 'otherRoomAgent', 'roomAgent'];

/** Expected outcome per event, in the order of `socketActors`. */
const matrix: Record<ClientEventName, readonly [Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  //                     own          otherVisitor  assigned     otherRoomAgent roomAgent
  'chats:create': ['ok', 'ok', 'forbidden', 'forbidden', 'forbidden'],
  'chats:assign': ['ok', 'not_found', 'ok', 'not_found', 'forbidden'],
  'chats:join': ['ok', 'not_found', 'ok', 'not_found', 'ok'],
  'users:activity': ['ok', 'not_found', 'ok', 'not_found', 'forbidden'],
  'user:focus': ['ok', 'not_found', 'ok', 'not_found', 'ok'],
  'messages:read': ['ok', 'not_found', 'ok', 'not_found', 'forbidden'],
  'chats:close': ['ok', 'not_found', 'ok', 'not_found', 'forbidden'],
  'history:import': ['ok', 'not_found', 'ok', 'not_found', 'ok'],
  'chats:get': ['ok', 'not_found', 'ok', 'not_found', 'ok'],
  'messages:send': ['ok', 'not_found', 'ok', 'not_found', 'forbidden'],
  'messages:list': ['ok', 'not_found', 'ok', 'not_found', 'ok'],
  'users:chats': ['ok', 'ok', 'ok', 'ok', 'ok'],
  'agents:status': ['forbidden', 'forbidden', 'ok', 'ok', 'ok'],
  'invitations:accept': ['forbidden', 'forbidden', 'conflict', 'not_found', 'conflict'],
  'invitations:reject': ['forbidden', 'forbidden', 'conflict', 'not_found', 'conflict'],
  // The assignee passes authorization; every agent here is away, so there is nobody to ask.
  'chats:transfer': ['forbidden', 'not_found', 'no_agents', 'not_found', 'forbidden'],
  'transfer:targets': ['forbidden', 'forbidden', 'ok', 'not_found', 'ok'],
  // Internal notes: agents who may see the chat only; a visitor is refused even on their own chat.
  'notes:add': ['forbidden', 'forbidden', 'ok', 'not_found', 'ok'],
  'notes:list': ['forbidden', 'forbidden', 'ok', 'not_found', 'ok'],
};

interface Cell {
  chatId: string;
  messageId: string;
  actors: Record<SocketActor, Participant>;
}

/** The payload each actor sends: always about the cell's chat, and `userId` is the actor itself. */
function payloadFor(event: ClientEventName, cell: Cell, self: User): unknown {
  const { chatId, messageId } = cell;
  switch (event) {
    case 'chats:create':
      return { room: 'sales', source: 'web', creator: self.id };
    case 'chats:assign':
    case 'chats:get':
    case 'messages:list':
    case 'user:focus':
    case 'invitations:accept':
    case 'invitations:reject':
      return { chatId };
    case 'chats:join':
    case 'chats:close':
      return { chatId, userId: self.id };
    case 'users:activity':
      return { chatId, userId: self.id, type: 'writing' };
    case 'messages:read':
      return { messageId, userId: self.id };
    case 'history:import':
      return { chatId, history: [{ created: 1_700_000_000, type: 'text', message: 'earlier', sender: self.id }] };
    case 'messages:send':
      return { chatId, clientId: `matrix-${self.id}`, type: 'text', message: 'hello' };
    case 'users:chats':
      return { userId: self.id };
    case 'agents:status':
      return { status: 'away' };
    case 'chats:transfer':
      return { chatId, room: 'support' };
    case 'transfer:targets':
    case 'notes:list':
      return { chatId };
    case 'notes:add':
      return { chatId, clientId: `note-${self.id}`, message: 'internal: refund approved' };
  }
}

describe('authorization matrix: every event × every caller, against a real server', () => {
  let server: TestServer;
  const agents: Partial<Record<'assigned' | 'otherRoomAgent' | 'roomAgent', Participant>> = {};
  let cells = 0;
  let checks = 0;
  let wrong: string[] = [];

  async function participant(user: User): Promise<Participant> {
    const { token } = await server.tokens.issue({ sub: user.id, role: user.role, name: user.name });
    return connectParticipant(server, user, token);
  }

  beforeAll(async () => {
    server = await startTestServer({ rooms: ['support', 'sales'] });
    const register = async (id: string, rooms: string[]) =>
      server.engine.registerAgent({ id, name: id, rooms, capacity: 1000, status: 'away' });
    agents.assigned = await participant(await register('matrix-assigned', ['support']));
    agents.roomAgent = await participant(await register('matrix-room', ['support']));
    agents.otherRoomAgent = await participant(await register('matrix-sales', ['sales']));
  });
  afterAll(async () => {
    for (const agent of Object.values(agents)) agent.close();
    await server.stop();
  });

  async function freshCell(): Promise<Cell> {
    const own = await participant(await server.engine.registerVisitor({ name: 'Own' }));
    const otherVisitor = await participant(await server.engine.registerVisitor({ name: 'Other' }));
    const { chat } = await own.send('chats:create', { room: 'support', source: 'web', creator: own.user.id });
    await agents.assigned!.send('chats:join', { chatId: chat.id, userId: agents.assigned!.user.id });
    const { message } = await own.send('messages:send', { chatId: chat.id, clientId: 'first', type: 'text', message: 'first' });
    return { chatId: chat.id, messageId: message.id, actors: { own, otherVisitor, assigned: agents.assigned!, otherRoomAgent: agents.otherRoomAgent!, roomAgent: agents.roomAgent! } };
  }

  async function snapshot(chatId: string): Promise<string> {
    const chat = await server.store.transaction((tx) => tx.getChat(chatId));
    return JSON.stringify(chat);
  }

  it.each(clientEventNames.map((event) => [event]))('%s', async (event) => {
    const expected = matrix[event];
    for (const [index, actorName] of socketActors.entries()) {
      const cell = await freshCell();
      cells++;
      const actor = cell.actors[actorName];
      const before = await snapshot(cell.chatId);
      const envelope = (await actor.socket.timeout(10_000).emitWithAck(event as 'user:focus', payloadFor(event, cell, actor.user) as never)) as
        | { ok: true }
        | { ok: false; error: ErrorPayload };
      const outcome: Outcome = envelope.ok ? 'ok' : envelope.error.code;
      checks++;
      if (outcome !== expected[index]) wrong.push(`${event} as ${actorName}: ${outcome}, expected ${expected[index]}`);
      if (!envelope.ok) {
        // A refusal changes nothing, and a hidden chat is never described beyond its absence.
        expect(await snapshot(cell.chatId), `${event} as ${actorName} changed the chat`).toBe(before);
        if (envelope.error.code === 'not_found') expect(envelope.error.details, `${event} as ${actorName}`).toBeUndefined();
      }
      cell.actors.own.close();
      cell.actors.otherVisitor.close();
      // Agents went away in agents:status cells; they stay away (no offers interfere).
    }
    expect(wrong.filter((line) => line.startsWith(`${event} `))).toEqual([]);
  });

  it('refuses every token-level caller at the handshake: none, expired, wrong secret, alg:none, escalated role', async () => {
    const key = new TextEncoder().encode('test-secret-test-secret-test-secret');
    const visitorUser = await server.engine.registerVisitor({ name: 'Escalating' });
    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const valid = (await server.tokens.issue({ sub: visitorUser.id, role: 'user', name: 'E' })).token;
    const [header, , signature] = valid.split('.');
    const tokens: Record<string, unknown> = {
      'no token': undefined,
      expired: await new SignJWT({ role: 'user', name: 'E' }).setProtectedHeader({ alg: 'HS256' }).setSubject(visitorUser.id).setExpirationTime(now - 10).sign(key),
      'wrong secret': await new SignJWT({ role: 'user', name: 'E' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(visitorUser.id)
        .setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode('another-secret-another-secret-another')),
      'alg:none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'matrix-assigned', role: 'agent', name: 'A', exp: now + 3600 })}.`,
      // The visitor's own valid token with its payload edited to claim the agent role.
      'escalated role (edited payload)': `${header}.${base64url({ sub: visitorUser.id, role: 'agent', name: 'E', exp: now + 3600 })}.${signature}`,
      // Correctly signed (a host minted it) but claiming the agent role for a user who is a visitor.
      'escalated role (signed)': await new SignJWT({ role: 'agent', name: 'E' }).setProtectedHeader({ alg: 'HS256' }).setSubject(visitorUser.id).setExpirationTime(now + 3600).sign(key),
    };
    for (const [actor, token] of Object.entries(tokens)) {
      const socket = openSocket(server, token as string);
      const result = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
      });
      socket.close();
      checks += clientEventNames.length;
      if (result !== 'unauthorized') wrong.push(`${actor}: handshake ${result}`);
    }
    expect(wrong).toEqual([]);
    process.stdout.write(
      `[authorization matrix] ${clientEventNames.length} events × ${socketActors.length} socket callers (${cells} fresh chats) + ` +
        `${Object.keys(tokens).length} token callers refused at the handshake: ${checks} checks, ${wrong.length} wrong\n`,
    );
    wrong = [];
  });
});

/**
 * The admin half of the matrix (issue 16): every `/v1/admin/*` route × every kind of caller. Only an
 * admin gets through; an agent who is not an admin, a deactivated admin, a visitor, and a request
 * without a valid token are refused, and a refused call leaves no trace in the audit log or the data.
 */
describe('authorization matrix: every admin route × every caller', () => {
  let server: TestServer;
  const tokens: Record<string, string | undefined> = {};
  const bodies: Record<(typeof adminRoutes)[number], unknown> = {
    'GET /v1/admin/agents': undefined,
    'POST /v1/admin/agents': { username: 'matrix-new', name: 'New' },
    'POST /v1/admin/agents/:id': { capacity: 7 },
    'POST /v1/admin/agents/:id/password-reset': {},
    'GET /v1/admin/rooms': undefined,
    'POST /v1/admin/rooms': { name: 'matrix-room' },
    'POST /v1/admin/rooms/:room': { welcome: 'changed' },
    'GET /v1/admin/audit': undefined,
  };
  type Caller = 'none' | 'forged' | 'visitor' | 'agent' | 'disabledAdmin' | 'admin';
  const expected: Record<Caller, number> = { none: 401, forged: 401, visitor: 403, agent: 403, disabledAdmin: 403, admin: 200 };

  beforeAll(async () => {
    server = await startTestServer({ rooms: ['support'] });
    await server.addAgent({ username: 'matrix-admin', password: 'admin-password', name: 'Admin', rooms: ['support'], admin: true });
    await server.addAgent({ username: 'matrix-agent', password: 'agent-password', name: 'Agent', rooms: ['support'] });
    await server.addAgent({ username: 'matrix-former', password: 'former-password', name: 'Former', rooms: ['support'], admin: true });
    await server.administration.createRoom('matrix-admin', { name: 'matrix-existing' });
    const issue = async (sub: string, role: 'user' | 'agent') => (await server.tokens.issue({ sub, role, name: sub })).token;
    tokens.admin = await issue('matrix-admin', 'agent');
    tokens.agent = await issue('matrix-agent', 'agent');
    tokens.disabledAdmin = await issue('matrix-former', 'agent');
    await server.administration.updateAgent('matrix-admin', 'matrix-former', { disabled: true });
    tokens.visitor = await issue((await server.engine.registerVisitor({ name: 'V' })).id, 'user');
    tokens.forged = await new SignJWT({ role: 'agent', name: 'A' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('matrix-admin')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(adminRoutes.map((route) => [route]))('%s', async (route) => {
    const [method, template] = route.split(' ') as ['GET' | 'POST', string];
    const path = template.replace(':id', 'matrix-agent').replace(':room', 'matrix-existing');
    const callers: Caller[] = ['none', 'forged', 'visitor', 'agent', 'disabledAdmin', 'admin'];
    const wrong: string[] = [];
    for (const caller of callers) {
      const before = JSON.stringify([await server.administration.auditLog(500), await server.administration.listAgents(), await server.administration.listRooms()]);
      const token = tokens[caller];
      const body = bodies[route];
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const answer = (await response.json()) as { error?: ErrorPayload };
      const status = response.status === 201 ? 200 : response.status;
      if (status !== expected[caller]) wrong.push(`${route} as ${caller}: ${response.status} ${JSON.stringify(answer)}`);
      if (caller !== 'admin') {
        expect(answer.error?.code, `${route} as ${caller}`).toBe(expected[caller] === 401 ? 'unauthorized' : 'forbidden');
        const after = JSON.stringify([await server.administration.auditLog(500), await server.administration.listAgents(), await server.administration.listRooms()]);
        expect(after, `${route} as ${caller} changed something`).toBe(before);
      }
    }
    expect(wrong).toEqual([]);
  });

  // The webhook admin routes (issue 18) take the same admin check; a refused call adds no target and no audit entry.
  it.each(webhookRoutes.map((route) => [route]))('%s', async (route) => {
    const [method, template] = route.split(' ') as ['GET' | 'POST' | 'DELETE', string];
    const callers: Caller[] = ['none', 'forged', 'visitor', 'agent', 'disabledAdmin', 'admin'];
    const wrong: string[] = [];
    const body = route === 'POST /v1/webhooks' ? { url: 'https://hooks.example.com/matrix', secret: 'whsec-matrix-0123456789' } : undefined;
    for (const caller of callers) {
      // DELETE needs a target to remove: one is added for each caller (directly, not through the route).
      const victim = route === 'DELETE /v1/webhooks/:id' ? await server.webhooks.targets.add({ url: 'https://hooks.example.com/victim', secret: 'whsec-victim-0123456789' }) : undefined;
      const path = template.replace(':id', victim?.id ?? '');
      const before = JSON.stringify([await server.administration.auditLog(500), await server.webhooks.listTargets()]);
      const token = tokens[caller];
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const answer = (text ? JSON.parse(text) : {}) as { error?: ErrorPayload };
      const status = response.status === 201 || response.status === 204 ? 200 : response.status;
      if (status !== expected[caller]) wrong.push(`${route} as ${caller}: ${response.status} ${text}`);
      if (caller !== 'admin') {
        expect(answer.error?.code, `${route} as ${caller}`).toBe(expected[caller] === 401 ? 'unauthorized' : 'forbidden');
        const after = JSON.stringify([await server.administration.auditLog(500), await server.webhooks.listTargets()]);
        expect(after, `${route} as ${caller} changed something`).toBe(before);
      } else if (method !== 'GET') {
        const [latest] = await server.administration.auditLog(1);
        expect(latest).toMatchObject({ actor: 'matrix-admin', action: method === 'POST' ? 'webhook.create' : 'webhook.delete' });
      }
      if (victim && caller !== 'admin') await server.webhooks.targets.remove(victim.id);
    }
    expect(wrong).toEqual([]);
  });

  it('an agent whose admin role was taken away is refused at once, with the same token', async () => {
    await server.addAgent({ username: 'matrix-demoted', password: 'demoted-password', name: 'Demoted', rooms: ['support'], admin: true });
    const token = (await server.tokens.issue({ sub: 'matrix-demoted', role: 'agent', name: 'D' })).token;
    const list = () => fetch(`${server.url}/v1/admin/agents`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
    expect(await list()).toBe(200);
    await server.administration.updateAgent('matrix-admin', 'matrix-demoted', { admin: false });
    expect(await list()).toBe(403);
  });
});
