import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from './metrics';

/**
 * `GET /metrics` in Prometheus text. With a token, only `Authorization: Bearer <token>` may scrape:
 * the metrics name rooms and load, which a public page should not (issue 13).
 */
export function serveMetrics(app: FastifyInstance, metrics: ServerMetrics, token: string | undefined): void {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  app.get('/metrics', async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: { code: 'unauthorized', message: '/metrics requires Authorization: Bearer <metrics token>' } });
      }
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** `/metrics` on a port of its own (e.g. reachable only from the monitoring network). */
export async function startMetricsServer(options: {
  metrics: ServerMetrics;
  token: string | undefined;
  host: string;
  port: number;
}): Promise<{ port: number; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  serveMetrics(app, options.metrics, options.token);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : options.port, close: () => app.close() };
}
