import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookEventName } from '@parley/protocol';
import { ParleyError, parseWithSchema, webhookEventNames } from '@parley/protocol';
import { z } from 'zod';
import type { SqlClient } from '../store/sqlClient';

/** Where webhook events go: a URL, the secret its deliveries are signed with, which events, which room. */
export interface WebhookTarget {
  id: string;
  url: string;
  secret: string;
  /** The events it gets (all of them when the file named none). */
  events: WebhookEventName[];
  /** Only chats of this room; every room when absent. */
  room?: string;
  /** `file`: from `--webhooks-file` (changed by editing the file); `api`: added through the admin REST API. */
  source: 'file' | 'api';
}

/** A target as the admin API shows it: never its secret. */
export type PublicWebhookTarget = Omit<WebhookTarget, 'secret'>;

export const webhookTargetSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2_000),
  secret: z.string().min(16, 'at least 16 characters').max(500),
  events: z.array(z.enum(webhookEventNames)).min(1).max(webhookEventNames.length).optional(),
  room: z.string().min(1).max(64).optional(),
});

export type WebhookTargetInput = z.output<typeof webhookTargetSchema>;

const webhooksFileSchema = z.array(webhookTargetSchema).max(100);

export function publicTarget({ secret: _secret, ...target }: WebhookTarget): PublicWebhookTarget {
  return target;
}

/** Targets of the file get ids derived from what they are, so every node (and a restart) agrees on them. */
function fileTargetId(input: WebhookTargetInput): string {
  return `file-${createHash('sha256').update(`${input.room ?? ''}\n${input.url}`).digest('hex').slice(0, 16)}`;
}

/** `--webhooks-file`: a JSON array of targets, or `{ "webhooks": [...] }`; checked in full at start. */
export function readWebhooksFile(path: string): (WebhookTargetInput & { id: string })[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ParleyError('invalid_payload', `cannot read the webhooks file ${path}: ${(error as Error).message}`);
  }
  // An array of targets, or `{ "webhooks": [...] }`.
  const targets = typeof json === 'object' && json !== null && !Array.isArray(json) && 'webhooks' in json ? json.webhooks : json;
  const list = parseWithSchema(webhooksFileSchema, targets, `webhooks file ${path}`);
  return list.map((input) => toTarget(input, fileTargetId(input)));
}

/**
 * Targets given in code (`startParleyServer({ webhooks })`): the shape of the file, ids optional.
 * Checked like the file's; an id is derived from room and URL when absent.
 */
export function webhookTargetsFrom(inputs: readonly (WebhookTargetInput & { id?: string })[]): WebhookTarget[] {
  return inputs.map(({ id, ...input }) => {
    const checked = parseWithSchema(webhookTargetSchema, input, 'webhooks');
    return { ...toTarget(checked, id ?? fileTargetId(checked)), source: 'file' };
  });
}

function toTarget(input: WebhookTargetInput, id: string): Omit<WebhookTarget, 'source'> {
  return { id, url: input.url, secret: input.secret, events: input.events ?? [...webhookEventNames], ...(input.room !== undefined && { room: input.room }) };
}

interface WebhookRow {
  id: string;
  room: string | null;
  url: string;
  secret: string;
  events: WebhookEventName[];
}

export interface WebhookTargets {
  /** The file's targets and the API's, read from the store (so every node sees every addition). */
  list(): Promise<WebhookTarget[]>;
  add(input: WebhookTargetInput): Promise<WebhookTarget>;
  /** False when there is no such target added through the API. */
  remove(id: string): Promise<boolean>;
}

/**
 * The API's targets are read from the store at most once per `cacheMs` per node: events are
 * frequent, changes rare, and a node learns of another node's change within that time.
 */
export function createWebhookTargets(sql: SqlClient, fromFile: readonly WebhookTarget[], cacheMs = 1_000): WebhookTargets {
  let cached: { at: number; targets: Promise<WebhookTarget[]> } | undefined;
  async function load(): Promise<WebhookTarget[]> {
    const rows = await sql.query<WebhookRow>('SELECT id, room, url, secret, events FROM webhooks ORDER BY created_at, id');
    const fromApi = rows.map((row): WebhookTarget => ({
      id: row.id,
      url: row.url,
      secret: row.secret,
      events: row.events,
      ...(row.room !== null && { room: row.room }),
      source: 'api',
    }));
    return [...fromFile, ...fromApi];
  }
  return {
    list() {
      if (!cached || Date.now() - cached.at > cacheMs) {
        const targets = load();
        cached = { at: Date.now(), targets };
        targets.catch(() => {
          if (cached?.targets === targets) cached = undefined;
        });
      }
      return cached.targets;
    },
    async add(input) {
      const target: WebhookTarget = { ...toTarget(input, randomUUID()), source: 'api' };
      await sql.statement('INSERT INTO webhooks (id, room, url, secret, events) VALUES ($1, $2, $3, $4, $5::text[])', [
        target.id,
        target.room ?? null,
        target.url,
        target.secret,
        target.events,
      ]);
      cached = undefined;
      return target;
    },
    async remove(id) {
      const rows = await sql.statement<{ id: string }>('DELETE FROM webhooks WHERE id = $1 RETURNING id', [id]);
      cached = undefined;
      return rows.length > 0;
    },
  };
}
