import { createHash, timingSafeEqual } from 'node:crypto';
import { ParleyError, parseWithSchema } from '@parley/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebhookService } from './webhookService';
import { publicTarget, webhookTargetSchema } from './webhookTargets';

const deliveriesQuerySchema = z.strictObject({
  webhook: z.string().min(1).max(128).optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** Admin routes answer only to `Authorization: Bearer <admin token>`; without a configured token they do not exist. */
function requireAdmin(request: FastifyRequest, adminToken: string | undefined): void {
  if (adminToken === undefined) throw new ParleyError('forbidden', 'this server has no admin API (start it with --admin-token-file)');
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  // Hashed first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  if (!timingSafeEqual(digest(given), digest(adminToken))) throw new ParleyError('unauthorized', 'a valid admin token is required');
}

/**
 * The admin side of webhooks: targets added and removed at run time (those of `--webhooks-file` are
 * listed, not changed) and the delivery log with every attempt.
 */
export function registerWebhookRoutes(app: FastifyInstance, { webhooks, adminToken }: { webhooks: WebhookService; adminToken: string | undefined }): void {
  app.get('/v1/webhooks', async (request) => {
    requireAdmin(request, adminToken);
    return { webhooks: await webhooks.listTargets() };
  });

  app.post('/v1/webhooks', async (request, reply) => {
    requireAdmin(request, adminToken);
    const input = parseWithSchema(webhookTargetSchema, request.body ?? {}, 'POST /v1/webhooks');
    const target = await webhooks.targets.add(input);
    return reply.code(201).send({ webhook: publicTarget(target) });
  });

  app.delete('/v1/webhooks/:id', async (request, reply) => {
    requireAdmin(request, adminToken);
    const { id } = request.params as { id: string };
    const target = (await webhooks.targets.list()).find((candidate) => candidate.id === id);
    if (target?.source === 'file') throw new ParleyError('conflict', `webhook ${id} comes from --webhooks-file: edit the file to remove it`);
    if (!(await webhooks.targets.remove(id))) throw new ParleyError('not_found', `webhook ${id} does not exist`);
    return reply.code(204).send();
  });

  app.get('/v1/webhooks/deliveries', async (request) => {
    requireAdmin(request, adminToken);
    const query = parseWithSchema(deliveriesQuerySchema, request.query ?? {}, 'GET /v1/webhooks/deliveries');
    return {
      deliveries: await webhooks.deliveries({
        ...(query.webhook !== undefined && { webhookId: query.webhook }),
        ...(query.status !== undefined && { status: query.status }),
        ...(query.limit !== undefined && { limit: query.limit }),
      }),
    };
  });
}
