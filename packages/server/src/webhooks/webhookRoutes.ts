import { createHash, timingSafeEqual } from 'node:crypto';
import { ParleyError, parseWithSchema } from '@parley/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditDraft } from '../store/adminTable';
import type { WebhookService } from './webhookService';
import { publicTarget, webhookTargetSchema } from './webhookTargets';

const deliveriesQuerySchema = z.strictObject({
  webhook: z.string().min(1).max(128).optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** The routes below, so the authorization matrix can list them all. */
export const webhookRoutes = ['GET /v1/webhooks', 'POST /v1/webhooks', 'DELETE /v1/webhooks/:id', 'GET /v1/webhooks/deliveries'] as const;

/** The actor the audit log names for a call made with the operator's `--admin-token-file` token. */
export const adminTokenActor = 'admin-token';

interface WebhookRouteOptions {
  webhooks: WebhookService;
  /** The operator's scripted-setup token (`--admin-token-file`), if any: an extra way in besides an admin's session. */
  adminToken: string | undefined;
  /** The same check as `/v1/admin/*`: an admin agent's live session, or `unauthorized` / `forbidden`. */
  adminOf(request: FastifyRequest): Promise<string>;
  /** Writes the administration's audit log. */
  audit(entry: AuditDraft): Promise<void>;
}

/**
 * Who calls: the operator's token when it matches (compared in constant time), else an admin agent's
 * session token. Anything else gets the admin routes' own answer (`unauthorized` or `forbidden`).
 */
async function requireAdmin(request: FastifyRequest, { adminToken, adminOf }: WebhookRouteOptions): Promise<string> {
  if (adminToken !== undefined) {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Hashed first: timingSafeEqual needs equal lengths, and the length must not leak either.
    const digest = (text: string) => createHash('sha256').update(text).digest();
    if (timingSafeEqual(digest(given), digest(adminToken))) return adminTokenActor;
  }
  return adminOf(request);
}

/**
 * The admin side of webhooks: targets added and removed at run time (those of `--webhooks-file` are
 * listed, not changed) and the delivery log with every attempt.
 */
export function registerWebhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): void {
  const { webhooks, audit } = options;
  app.get('/v1/webhooks', async (request) => {
    await requireAdmin(request, options);
    return { webhooks: await webhooks.listTargets() };
  });

  app.post('/v1/webhooks', async (request, reply) => {
    const actor = await requireAdmin(request, options);
    const input = parseWithSchema(webhookTargetSchema, request.body ?? {}, 'POST /v1/webhooks');
    const target = await webhooks.targets.add(input);
    // The audit keeps what was set, never the signing secret.
    await audit({ actor, action: 'webhook.create', target: target.id, details: { ...publicTarget(target) } });
    return reply.code(201).send({ webhook: publicTarget(target) });
  });

  app.delete('/v1/webhooks/:id', async (request, reply) => {
    const actor = await requireAdmin(request, options);
    const { id } = request.params as { id: string };
    const target = (await webhooks.targets.list()).find((candidate) => candidate.id === id);
    if (target?.source === 'file') throw new ParleyError('conflict', `webhook ${id} comes from --webhooks-file: edit the file to remove it`);
    if (!(await webhooks.targets.remove(id))) throw new ParleyError('not_found', `webhook ${id} does not exist`);
    await audit({ actor, action: 'webhook.delete', target: id, details: { url: target?.url } });
    return reply.code(204).send();
  });

  app.get('/v1/webhooks/deliveries', async (request) => {
    await requireAdmin(request, options);
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
