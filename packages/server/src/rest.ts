import type { ChatEngine } from '@parley/engine';
import type { ErrorCode, ErrorPayload, RoomInfo } from '@parley/protocol';
import { agentLoginSchema, limits, ParleyError, parseWithSchema, visitorSignupSchema, visitorUpdateSchema } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DependencyHealth } from './dependencyHealth';
import type { IdentityVerifier } from './identity';
import type { ServerLimits } from './config';
import type { LoginThrottle } from './loginThrottle';
import type { ServerMetrics } from './metrics';
import { serveMetrics } from './metricsEndpoint';
import { verifyPassword } from './passwords';
import { restLimit } from './restLimits';
import type { AuthenticateSession } from './sessionAuth';
import { bearerToken } from './sessionAuth';
import type { SqlStore } from './store/sqlStore';
import type { TokenService } from './tokens';

const httpStatus: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  closed: 409,
  payload_too_large: 413,
  rate_limited: 429,
  no_agents: 503,
  internal: 500,
  unavailable: 503,
};

interface RestOptions {
  engine: ChatEngine;
  store: SqlStore;
  tokens: TokenService;
  /** Checks host-minted identity tokens; absent when no identity secret is configured. */
  identity: IdentityVerifier | undefined;
  metrics: ServerMetrics;
  health: DependencyHealth;
  limits: ServerLimits;
  loginThrottle: LoginThrottle;
  /** The caller's session (see `createSessionAuth`). */
  authenticate: AuthenticateSession;
  /** Ends the session of a token (logout): refused from now on, its sockets disconnected. */
  revoke(token: string): Promise<void>;
  /** Origins the console may be pointed at besides its own (`--console-servers`). */
  consoleServers: readonly string[];
  /** A room's public info: config or admin settings, and whether it is within its business hours. */
  roomInfo(room: string): RoomInfo;
  /** Deactivated agents (issue 16) sign in no more. */
  isDisabled(userId: string): Promise<boolean>;
  /** `/metrics` here unless it has a port of its own; with a token when one is configured. */
  metricsHere: boolean;
  metricsToken?: string | undefined;
}

/** Signup bodies are small (a name, a contact, a few facts): 51 KB profiles made a cheap storage attack. */
const signupBodyLimit = 16 * 1024;

/** PROTOCOL.md §1's REST half. Errors answer `{ error: { code, message } }` with a matching status. */
export function registerRest(app: FastifyInstance, options: RestOptions): void {
  const { engine, store, tokens, metrics, health, limits: serverLimits, loginThrottle } = options;
  // No store holds a NUL (U+0000): refused here for every route's path and query, before a route's own
  // checks (or the database) meet it.
  app.addHook('preValidation', async (request) => {
    const where = nulIn(request.params, 'path') ?? nulIn(request.query, 'query');
    if (where) throw new ParleyError('invalid_payload', `${where}: must not contain NUL (U+0000) characters`);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ParleyError) {
      metrics.countLimit(error);
      const retryAfterMs = error.details?.retryAfterMs;
      if (typeof retryAfterMs === 'number') reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
      return sendError(reply, error.toPayload());
    }
    // Fastify's own refusals: unparsable JSON, a body over the limit, an unknown content type.
    if (error.statusCode === 413) {
      const refusal = ParleyError.limitRefusal('payload_too_large', 'request_bytes', error.message);
      metrics.countLimit(refusal);
      return sendError(reply, refusal.toPayload());
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, { code: 'invalid_payload', message: error.message });
    }
    // A lost database connection is logged once per outage by `health`, and answered as retryable.
    if (health.absorb(error, { route: request.url.split('?')[0] })) return sendError(reply, health.refusal()!);
    app.log.error({ err: error }, 'request failed');
    return sendError(reply, { code: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  // Widgets are embedded on other origins; the API uses bearer tokens, never cookies, so any origin may call it.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
      reply.header('access-control-allow-headers', 'content-type, authorization');
      reply.header('access-control-max-age', '86400');
      return reply.code(204).send();
    }
  });

  const signupLimit = restLimit('signups_per_ip', serverLimits.signupsPerIpPerMinute, 60_000, 'signups');
  const bodyLimit = Math.min(signupBodyLimit, serverLimits.maxPayloadBytes);
  app.post('/v1/users', { bodyLimit, config: { rateLimit: signupLimit } }, async (request, reply) => {
    const { identity: identityToken, ...profile } = parseWithSchema(visitorSignupSchema, request.body ?? {}, 'POST /v1/users');
    const verified = identityToken === undefined ? undefined : await verifyIdentity(identityToken);
    const user = await engine.registerVisitor(profile, verified);
    const session = await tokens.issue({ sub: user.id, role: 'user', name: user.name });
    return reply.code(201).send({ user, session });
  });

  // A signed-in visitor proves who they are (a host-minted identity token) or adds attributes.
  app.post('/v1/users/me', { bodyLimit }, async (request) => {
    const caller = await options.authenticate(request);
    if (caller.role !== 'user') throw new ParleyError('forbidden', 'only visitors update themselves here');
    const { identity: identityToken, extraInfo } = parseWithSchema(visitorUpdateSchema, request.body ?? {}, 'POST /v1/users/me');
    const verified = identityToken === undefined ? undefined : await verifyIdentity(identityToken);
    const user = await engine.updateVisitor(caller.sub, { ...(verified ? { verified } : {}), ...(extraInfo ? { extraInfo } : {}) });
    return { user };
  });

  /** Never trusted from the page: without a configured identity secret there is nothing to verify with. */
  function verifyIdentity(token: string) {
    if (!options.identity) throw new ParleyError('forbidden', 'identity tokens are not accepted: this server has no identity secret (--identity-secret-file)');
    return options.identity.verify(token);
  }

  const loginLimit = restLimit('login_attempts', serverLimits.loginsPerIpPerMinute, 60_000, 'logins');
  app.post('/v1/agents/login', { config: { rateLimit: loginLimit } }, async (request) => {
    const { username, password } = parseWithSchema(agentLoginSchema, request.body, 'POST /v1/agents/login');
    // Throttled or over the concurrency bound: refused before any database query or hash, so a flood
    // of logins costs what any refused request does, not the message path's database or CPU.
    await loginThrottle.check(username, request.ip);
    const user = await loginThrottle.verify(async () => {
      const credentials = await store.getCredentials(username);
      metrics.passwordChecks.inc();
      // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
      const valid = await verifyPassword(password, credentials?.passwordHash ?? dummyHash);
      return credentials && valid ? engine.getUser(credentials.userId) : undefined;
    });
    if (!user || user.role !== 'agent') {
      await loginThrottle.failed(username, request.ip);
      throw new ParleyError('unauthorized', 'wrong username or password');
    }
    // Told apart from a wrong password only to whoever knows the password.
    if (await options.isDisabled(user.id)) throw new ParleyError('forbidden', 'this account is deactivated');
    await loginThrottle.succeeded(username, request.ip);
    const session = await tokens.issue({ sub: user.id, role: 'agent', name: user.name });
    return { user, session };
  });

  // Logout ("end session" for a visitor): the bearer token is refused from now on by every node, and
  // its open sockets are disconnected. Either route ends the session of the token it is given.
  const logout = async (request: FastifyRequest, reply: FastifyReply) => {
    await options.revoke(bearerToken(request));
    return reply.code(204).send();
  };
  app.post('/v1/users/logout', logout);
  app.post('/v1/agents/logout', logout);

  // The console asks its own origin which other servers it may be pointed at with ?server=.
  app.get('/v1/console/config', async () => ({ servers: options.consoleServers }));

  // What the widget shows before a chat starts. Public, like the room names on a host page; a room
  // without settings answers with its name only, so the answer says nothing about which rooms exist.
  app.get('/v1/rooms/:room', async (request): Promise<{ room: RoomInfo }> => {
    const { room } = request.params as { room: string };
    if (room === '' || room.length > limits.nameLength) {
      throw new ParleyError('invalid_payload', `room: a name of 1 to ${limits.nameLength} characters`);
    }
    return { room: options.roomInfo(room) };
  });

  app.get('/v1/agents/available', async (request) => {
    const query = request.query as { rooms?: unknown };
    const rooms = typeof query.rooms === 'string' ? query.rooms.split(',').map((room) => room.trim()).filter(Boolean) : [];
    if (rooms.length === 0) throw new ParleyError('invalid_payload', 'rooms: name at least one room, e.g. ?rooms=support');
    if (rooms.length > 20 || rooms.some((room) => room.length > limits.nameLength)) {
      throw new ParleyError('invalid_payload', `rooms: at most 20 rooms of at most ${limits.nameLength} characters`);
    }
    return { agents: await engine.onlineAgents(rooms) };
  });

  // 200 while the node can work; 503 with `unavailable` and what is away (and since when) otherwise.
  app.get('/healthz', async (_request, reply) => {
    const report = await health.check();
    if (report.ok) return report;
    return reply.code(503).send({ ...report, error: health.refusal() });
  });

  if (options.metricsHere) serveMetrics(app, metrics, options.metricsToken);
}

/** Shaped like a real hash, so an unknown username costs the same scrypt run as a known one. */
const dummyHash =
  'scrypt$00000000000000000000000000000000$0000000000000000000000000000000000000000000000000000000000000000';

/** The first path parameter or query value holding a NUL, named (`path id`, `query q`). */
function nulIn(values: unknown, kind: 'path' | 'query'): string | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  for (const [name, value] of Object.entries(values)) {
    const strings: unknown[] = Array.isArray(value) ? value : [value];
    if (strings.some((item) => typeof item === 'string' && item.includes('\u0000'))) return `${kind} ${name}`;
  }
  return undefined;
}

/** Fastify's refusals of a URL before any route runs (bad percent-encoding, an over-long path parameter), in the protocol's shape. */
export function refuseUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path segment is too long' : 'the URL is not valid (bad percent-encoding)';
  void sendError(reply, { code: 'invalid_payload', message });
}

function sendError(reply: FastifyReply, error: ErrorPayload): FastifyReply {
  return reply.code(httpStatus[error.code]).send({ error });
}
