import type { ChatEngine } from '@parley/engine';
import {
  adminAgentCreateSchema,
  adminAgentUpdateSchema,
  adminRoomCreateSchema,
  adminRoomUpdateSchema,
  limits,
  ParleyError,
  parseWithSchema,
  passwordChangeSchema,
  passwordLinkAcceptSchema,
} from '@parley/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Administration } from './administration';
import type { LoginThrottle } from './loginThrottle';
import { restLimit } from './restLimits';
import type { ServerLimits } from './config';
import type { AuthenticateSession } from './sessionAuth';
import type { TokenService, VerifiedToken } from './tokens';

interface AdminRouteOptions {
  administration: Administration;
  engine: ChatEngine;
  tokens: TokenService;
  /** The caller's session (see `createSessionAuth`): an ended session or a deactivated agent administers nothing. */
  authenticate: AuthenticateSession;
  limits: ServerLimits;
  loginThrottle: LoginThrottle;
}

/** The routes every admin call goes through, so the authorization matrix can list them all. */
export const adminRoutes = [
  'GET /v1/admin/agents',
  'POST /v1/admin/agents',
  'POST /v1/admin/agents/:id',
  'POST /v1/admin/agents/:id/password-reset',
  'GET /v1/admin/rooms',
  'POST /v1/admin/rooms',
  'POST /v1/admin/rooms/:room',
  'GET /v1/admin/audit',
] as const;

/** What an admin-only route checks: the caller's session, whether it is an agent, and (for `adminOf`) an admin. */
export interface AdminGuard {
  /** The calling agent's claims: `unauthorized` without a valid, live session; `forbidden` for a visitor or a deactivated agent. */
  agentOf(request: FastifyRequest): Promise<VerifiedToken>;
  /** The calling admin's id: as `agentOf`, and `forbidden` unless the agent is an admin now (checked in the database). */
  adminOf(request: FastifyRequest): Promise<string>;
}

/** One check for every admin-only route, `/v1/admin/*` and the webhook routes alike. */
export function createAdminGuard({ administration, authenticate }: Pick<AdminRouteOptions, 'administration' | 'authenticate'>): AdminGuard {
  async function agentOf(request: FastifyRequest): Promise<VerifiedToken> {
    const caller = await authenticate(request);
    if (caller.role !== 'agent') throw new ParleyError('forbidden', 'only agents may do this');
    return caller;
  }
  return {
    agentOf,
    async adminOf(request) {
      const caller = await agentOf(request);
      await administration.requireAdmin(caller.sub);
      return caller.sub;
    },
  };
}

/**
 * Issue 16's REST half: `/v1/admin/*` for admins only (checked here on every call, against the
 * database, so a role taken away counts at once), the one-time password links, and an agent's own
 * password change and `GET /v1/agents/me`.
 */
export function registerAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): void {
  const { administration, tokens } = options;

  const { agentOf, adminOf } = createAdminGuard(options);

  const param = (request: FastifyRequest, key: string): string => {
    const value = (request.params as Record<string, string>)[key] ?? '';
    if (value === '' || value.length > limits.nameLength) {
      throw new ParleyError('invalid_payload', `${key}: a name of 1 to ${limits.nameLength} characters`);
    }
    return value;
  };

  // The console asks after login whether to show the admin pages (the server checks each call anyway),
  // and for the rooms an agent may share canned responses with (only admins read `/v1/admin/agents`).
  app.get('/v1/agents/me', async (request) => {
    const caller = await agentOf(request);
    const user = await options.engine.getUser(caller.sub);
    if (!user) throw new ParleyError('not_found', `agent ${caller.sub} does not exist`);
    const [admin, rooms] = await Promise.all([administration.isAdmin(caller.sub), administration.roomsOf(caller.sub)]);
    return { user, admin, rooms };
  });

  app.post('/v1/agents/me/password', async (request, reply) => {
    const caller = await agentOf(request);
    const { currentPassword, newPassword } = parseWithSchema(passwordChangeSchema, request.body ?? {}, 'POST /v1/agents/me/password');
    await options.loginThrottle.check(caller.sub, request.ip);
    try {
      await administration.changePassword(caller.sub, currentPassword, newPassword);
    } catch (error) {
      // A wrong current password counts like a failed login: the route is no way around the throttle.
      await options.loginThrottle.failed(caller.sub, request.ip);
      throw error;
    }
    return reply.code(204).send();
  });

  // Public: whoever holds the link's token. Guessing one is 192 bits; the login limit bounds trying.
  const linkLimit = restLimit('login_attempts', options.limits.loginsPerIpPerMinute, 60_000, 'password-links');
  app.get('/v1/agents/password-link', { config: { rateLimit: linkLimit } }, async (request) => {
    const { token } = request.query as { token?: unknown };
    if (typeof token !== 'string' || token.length < 16 || token.length > 256) throw new ParleyError('invalid_payload', 'token: the link’s token');
    return administration.peekLink(token);
  });
  app.post('/v1/agents/password-link', { config: { rateLimit: linkLimit } }, async (request) => {
    const input = parseWithSchema(passwordLinkAcceptSchema, request.body ?? {}, 'POST /v1/agents/password-link');
    const user = await administration.acceptLink(input);
    const session = await tokens.issue({ sub: user.id, role: 'agent', name: user.name });
    return { user, session, admin: await administration.isAdmin(user.id) };
  });

  app.get('/v1/admin/agents', async (request) => {
    await adminOf(request);
    return { agents: await administration.listAgents() };
  });
  app.post('/v1/admin/agents', async (request, reply) => {
    const actor = await adminOf(request);
    const input = parseWithSchema(adminAgentCreateSchema, request.body ?? {}, 'POST /v1/admin/agents');
    return reply.code(201).send(await administration.createAgent(actor, input));
  });
  app.post('/v1/admin/agents/:id', async (request) => {
    const actor = await adminOf(request);
    const changes = parseWithSchema(adminAgentUpdateSchema, request.body ?? {}, 'POST /v1/admin/agents/:id');
    return { agent: await administration.updateAgent(actor, param(request, 'id'), changes) };
  });
  app.post('/v1/admin/agents/:id/password-reset', async (request, reply) => {
    const actor = await adminOf(request);
    return reply.code(201).send({ link: await administration.resetPassword(actor, param(request, 'id')) });
  });

  app.get('/v1/admin/rooms', async (request) => {
    await adminOf(request);
    return { rooms: await administration.listRooms() };
  });
  app.post('/v1/admin/rooms', async (request, reply) => {
    const actor = await adminOf(request);
    const input = parseWithSchema(adminRoomCreateSchema, request.body ?? {}, 'POST /v1/admin/rooms');
    return reply.code(201).send({ room: await administration.createRoom(actor, input) });
  });
  app.post('/v1/admin/rooms/:room', async (request) => {
    const actor = await adminOf(request);
    const changes = parseWithSchema(adminRoomUpdateSchema, request.body ?? {}, 'POST /v1/admin/rooms/:room');
    return { room: await administration.updateRoom(actor, param(request, 'room'), changes) };
  });

  app.get('/v1/admin/audit', async (request) => {
    await adminOf(request);
    const query = request.query as { limit?: unknown; before?: unknown };
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    const before = query.before === undefined ? undefined : Number(query.before);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ParleyError('invalid_payload', 'limit: 1 to 500');
    if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) throw new ParleyError('invalid_payload', 'before: an entry id');
    return { entries: await administration.auditLog(limit, before) };
  });
}
