import type { ChatEngine } from '@parley/engine';
import type { ErrorCode, ErrorPayload } from '@parley/protocol';
import { agentLoginSchema, limits, ParleyError, parseWithSchema, visitorSignupSchema } from '@parley/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { DependencyHealth } from './dependencyHealth';
import type { ServerMetrics } from './metrics';
import { verifyPassword } from './passwords';
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
  metrics: ServerMetrics;
  health: DependencyHealth;
}

/** PROTOCOL.md §1's REST half. Errors answer `{ error: { code, message } }` with a matching status. */
export function registerRest(app: FastifyInstance, { engine, store, tokens, metrics, health }: RestOptions): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ParleyError) return sendError(reply, error.toPayload());
    // Fastify's own refusals: unparsable JSON, a body over the limit, an unknown content type.
    if (error.statusCode === 413) return sendError(reply, { code: 'payload_too_large', message: error.message });
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
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-allow-headers', 'content-type, authorization');
      reply.header('access-control-max-age', '86400');
      return reply.code(204).send();
    }
  });

  app.post('/v1/users', async (request, reply) => {
    const profile = parseWithSchema(visitorSignupSchema, request.body ?? {}, 'POST /v1/users');
    const user = await engine.registerVisitor(profile);
    const session = await tokens.issue({ sub: user.id, role: 'user', name: user.name });
    return reply.code(201).send({ user, session });
  });

  app.post('/v1/agents/login', async (request) => {
    const { username, password } = parseWithSchema(agentLoginSchema, request.body, 'POST /v1/agents/login');
    const credentials = await store.getCredentials(username);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
    const valid = await verifyPassword(password, credentials?.passwordHash ?? dummyHash);
    const user = credentials && valid ? await engine.getUser(credentials.userId) : undefined;
    if (!user || user.role !== 'agent') throw new ParleyError('unauthorized', 'wrong username or password');
    const session = await tokens.issue({ sub: user.id, role: 'agent', name: user.name });
    return { user, session };
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

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** Shaped like a real hash, so an unknown username costs the same scrypt run as a known one. */
const dummyHash =
  'scrypt$00000000000000000000000000000000$0000000000000000000000000000000000000000000000000000000000000000';

function sendError(reply: FastifyReply, error: ErrorPayload): FastifyReply {
  return reply.code(httpStatus[error.code]).send({ error });
}
