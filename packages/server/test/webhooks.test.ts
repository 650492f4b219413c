import { performance } from 'node:perf_hooks';
import { webhookEventNames } from '@parley/protocol';
import type { WebhookBody } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/webhooks/signature';
import { webhookEvent } from '../src/webhooks/webhookEvents';
import type { WebhookTarget } from '../src/webhooks/webhookTargets';
import { createThrowawayPostgres } from '../src/store/testDatabases';
import type { TestServer } from './harness';
import { agent, connectParticipant, signUp, startTestServer, startTestServerOn, storeKinds, visitor } from './harness';
import type { WebhookReceiver } from './webhookReceiver';
import { startWebhookReceiver } from './webhookReceiver';

const secret = 'whsec-0123456789abcdef';
const fast = { pollMs: 50, retry: { baseDelayMs: 40, maxDelayMs: 200, maxAttempts: 5 } };

function target(id: string, url: string, extra: Partial<Pick<WebhookTarget, 'events' | 'room'>> = {}) {
  return { id, url, secret, events: [...webhookEventNames], ...extra };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function admin(server: TestServer, method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token !== undefined && { authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

/** One whole chat: created, assigned, three messages, closed. */
async function runChat(server: TestServer, room: string, agentName: string) {
  const ada = await agent(server, agentName, [room]);
  const vera = await visitor(server);
  const { chat } = await vera.send('chats:create', { room, source: 'web', creator: vera.user.id });
  await vera.send('chats:assign', { chatId: chat.id });
  await ada.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
  await ada.send('invitations:accept', { chatId: chat.id });
  for (const [index, text] of ['one', 'two', 'three'].entries()) {
    await vera.send('messages:send', { chatId: chat.id, clientId: `m${index}`, type: 'text', message: text });
  }
  await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
  vera.close();
  ada.close();
  return chat.id;
}

describe.each(storeKinds)('webhooks on %s', (kind) => {
  let receiver: WebhookReceiver;
  let other: WebhookReceiver;
  let server: TestServer;

  beforeAll(async () => {
    // The first two requests fail (503), then every one succeeds.
    receiver = await startWebhookReceiver((index) => (index < 2 ? 503 : 200));
    other = await startWebhookReceiver();
    server = await startTestServerOn(kind, {
      webhooks: [target('all', receiver.url), target('elsewhere', other.url, { room: 'elsewhere' })],
      adminToken: 'admin-token-admin-token',
      outbox: fast,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await other?.close();
  });

  it('delivers chat created, assigned, message and closed, signed, in order, retrying failed attempts', async () => {
    const chatId = await runChat(server, 'support', 'ada');
    await receiver.waitFor(() => receiver.accepted().some((entry) => entry.body.type === 'chat.closed'));
    const accepted = receiver.accepted();
    expect(accepted.map((entry) => entry.body.type)).toEqual(['chat.created', 'chat.assigned', 'chat.message', 'chat.message', 'chat.message', 'chat.closed']);
    const messages = accepted.filter((entry) => entry.body.type === 'chat.message').map((entry) => (entry.body as Extract<WebhookBody, { type: 'chat.message' }>).data);
    expect(messages.map((data) => data.message.message)).toEqual(['one', 'two', 'three']);
    expect(messages.every((data) => data.room === 'support' && data.message.chatId === chatId)).toBe(true);
    const assigned = accepted[1]!.body as Extract<WebhookBody, { type: 'chat.assigned' }>;
    expect(assigned.data.agent.id).toBe('ada');
    expect(assigned.data.chat).toMatchObject({ id: chatId, status: 'active', assignee: 'ada' });
    expect((accepted[5]!.body as Extract<WebhookBody, { type: 'chat.closed' }>).data.closedBy).not.toBe('ada');

    // Every request is signed over its raw body with a timestamp; a wrong secret does not verify.
    for (const entry of receiver.requests) {
      const header = entry.headers['parley-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(secret, entry.raw, header)).toBe(true);
      expect(verifyWebhookSignature('another-secret-entirely', entry.raw, header)).toBe(false);
      expect(entry.headers['parley-event']).toBe(entry.body.type);
      expect(entry.headers['parley-delivery']).toBe(entry.body.id);
    }
    // The two refused attempts were the first delivery, sent again with the same id.
    expect(receiver.requests.slice(0, 3).map((entry) => [entry.body.id, entry.answered])).toEqual([
      [accepted[0]!.body.id, 503],
      [accepted[0]!.body.id, 503],
      [accepted[0]!.body.id, 200],
    ]);
    // The per-room target heard nothing of room support.
    expect(other.requests).toEqual([]);

    // The delivery log shows it: three attempts, two refused, then delivered.
    await until(async () => (await server.webhooks.deliveries({ webhookId: 'all', status: 'pending' })).length === 0);
    const log = await admin(server, 'GET', '/v1/webhooks/deliveries?webhook=all', 'admin-token-admin-token');
    expect(log.status).toBe(200);
    const deliveries = (log.body!.deliveries as { event: string; status: string; attempts: number; log: { status?: number; ok: boolean }[] }[]).reverse();
    expect(deliveries.map((delivery) => delivery.event)).toEqual(accepted.map((entry) => entry.body.type));
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(deliveries[0]!.log.map((attempt) => [attempt.ok, attempt.status])).toEqual([
      [false, 503],
      [false, 503],
      [true, 200],
    ]);
    expect(deliveries.slice(1).every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1)).toBe(true);
  });

  it('delivers per-room targets only their room', async () => {
    await runChat(server, 'elsewhere', 'bea');
    await other.waitFor(() => other.accepted().some((entry) => entry.body.type === 'chat.closed'));
    expect(other.accepted().map((entry) => entry.body.type)).toEqual(['chat.created', 'chat.assigned', 'chat.message', 'chat.message', 'chat.message', 'chat.closed']);
  });
});

describe('webhook deliveries are bounded', () => {
  it('gives up after maxAttempts, and the target’s next delivery goes on', async () => {
    const receiver = await startWebhookReceiver((_, body) => (body.type === 'chat.created' ? 500 : 200));
    const server = await startTestServer({ webhooks: [target('flaky', receiver.url, { events: ['chat.created', 'chat.closed'] })], outbox: { ...fast, retry: { ...fast.retry, maxAttempts: 3 } } });
    try {
      const vera = await visitor(server);
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
      await receiver.waitFor(() => receiver.accepted().length === 1);
      expect(receiver.requests.map((entry) => [entry.body.type, entry.answered])).toEqual([
        ['chat.created', 500],
        ['chat.created', 500],
        ['chat.created', 500],
        ['chat.closed', 200],
      ]);
      await until(async () => (await server.webhooks.deliveries({ webhookId: 'flaky', status: 'pending' })).length === 0);
      const deliveries = await server.webhooks.deliveries({ webhookId: 'flaky' });
      expect(deliveries.map((delivery) => [delivery.event, delivery.status, delivery.attempts])).toEqual([
        ['chat.closed', 'delivered', 1],
        ['chat.created', 'failed', 3],
      ]);
      // Pending work is a metric; finished deliveries are pruned from the log after the retention.
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('parley_outbox_pending{kind="webhook"} 0');
      // Every journaled event was queued: nothing waits in the journal.
      expect(metrics).toContain('parley_event_journal_entries 0');
      expect(await server.store.outbox.prune(60_000)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await server.store.outbox.prune(1)).toBe(2);
      expect(await server.webhooks.deliveries({ webhookId: 'flaky' })).toEqual([]);
      vera.close();
    } finally {
      await server.stop();
      await receiver.close();
    }
  });
});

describe('a hanging receiver', () => {
  it('does not delay acks: messages:send latency with a receiver that never answers vs. without webhooks', async () => {
    const hanging = await startWebhookReceiver(() => 'hang');
    const measure = async (server: TestServer) => {
      const ada = await agent(server, 'ada');
      const vera = await visitor(server);
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      await vera.send('chats:assign', { chatId: chat.id });
      await ada.waitFor('invitation:new', (invitation) => invitation.chat.id === chat.id);
      await ada.send('invitations:accept', { chatId: chat.id });
      const latencies: number[] = [];
      for (let i = 0; i < 40; i += 1) {
        const started = performance.now();
        await vera.send('messages:send', { chatId: chat.id, clientId: `l${i}`, type: 'text', message: `m${i}` });
        latencies.push(performance.now() - started);
      }
      vera.close();
      ada.close();
      latencies.sort((a, b) => a - b);
      return { p50: latencies[20]!, max: latencies.at(-1)! };
    };
    const plain = await startTestServer();
    const hooked = await startTestServer({ webhooks: [target('hang', hanging.url)], outbox: { ...fast, webhookTimeoutMs: 5_000 } });
    try {
      const without = await measure(plain);
      const withHook = await measure(hooked);
      // The receiver was being called (and held every request open) while the acks came back.
      await hanging.waitFor((requests) => requests.length >= 1);
      console.log(
        `messages:send ack latency, 40 sends: without webhooks p50 ${without.p50.toFixed(1)} ms, max ${without.max.toFixed(1)} ms; ` +
          `with a receiver that never answers p50 ${withHook.p50.toFixed(1)} ms, max ${withHook.max.toFixed(1)} ms`,
      );
      // A single ack waiting for the receiver would take the 5 s timeout.
      expect(withHook.max).toBeLessThan(2_500);
      expect(withHook.p50).toBeLessThan(Math.max(50, without.p50 * 5));
      // Only the lane's head is in flight: the hang holds one delivery, not one per event.
      expect(hanging.requests).toHaveLength(1);
      // Nor does a shutdown wait for the receiver: the request in flight is cut.
      const stopping = performance.now();
      await hooked.stop();
      expect(performance.now() - stopping).toBeLessThan(4_000);
    } finally {
      await plain.stop();
      await hooked.stop();
      await hanging.close();
    }
  });
});

describe('chat.rated', () => {
  it('a visitor’s rating produces one signed chat.rated delivery, after it is stored', async () => {
    const receiver = await startWebhookReceiver();
    const server = await startTestServer({ webhooks: [target('rated', receiver.url, { events: ['chat.rated'] })], outbox: fast });
    try {
      const vera = await visitor(server);
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
      const rate = (body: unknown) => admin(server, 'POST', `/v1/chats/${chat.id}/rating`, vera.token, body);
      // A refused rating (bad input) announces nothing.
      expect((await rate({ rating: 9 })).status).toBe(400);
      expect((await rate({ rating: 4, comment: 'quick and kind' })).status).toBe(201);
      // A second rating is refused, and announces nothing either.
      expect((await rate({ rating: 1 })).status).toBe(409);
      await receiver.waitFor(() => receiver.accepted().length === 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.requests).toHaveLength(1);
      const [entry] = receiver.requests;
      expect(entry!.body.type).toBe('chat.rated');
      expect(entry!.headers['parley-event']).toBe('chat.rated');
      expect(verifyWebhookSignature(secret, entry!.raw, entry!.headers['parley-signature'] as string)).toBe(true);
      const data = (entry!.body as Extract<WebhookBody, { type: 'chat.rated' }>).data;
      expect(data.chat).toMatchObject({ id: chat.id, room: 'support', status: 'closed' });
      expect(data.rating).toMatchObject({ chatId: chat.id, rating: 4, comment: 'quick and kind' });
      vera.close();
    } finally {
      await server.stop();
      await receiver.close();
    }
  });
});

describe('webhooks admin REST', () => {
  it('adds, lists (without secrets) and removes targets; needs the admin token; refuses bad input', async () => {
    const receiver = await startWebhookReceiver();
    const server = await startTestServer({ adminToken: 'admin-token-admin-token', webhooks: [target('from-file', 'https://hooks.example.com/x')], outbox: fast });
    const token = 'admin-token-admin-token';
    try {
      expect((await admin(server, 'GET', '/v1/webhooks', undefined)).status).toBe(401);
      expect((await admin(server, 'GET', '/v1/webhooks', 'wrong')).status).toBe(401);
      const added = await admin(server, 'POST', '/v1/webhooks', token, { url: receiver.url, secret, events: ['chat.created'], room: 'support' });
      expect(added.status).toBe(201);
      const webhook = added.body!.webhook as Record<string, unknown>;
      expect(webhook).toMatchObject({ url: receiver.url, events: ['chat.created'], room: 'support', source: 'api' });
      expect(webhook).not.toHaveProperty('secret');
      const listed = await admin(server, 'GET', '/v1/webhooks', token);
      expect((listed.body!.webhooks as { id: string }[]).map((entry) => entry.id)).toEqual(['from-file', webhook.id]);
      expect(JSON.stringify(listed.body)).not.toContain(secret);

      // The added target gets events at once.
      const vera = await visitor(server);
      await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      await receiver.waitFor(() => receiver.accepted().length === 1);
      expect(verifyWebhookSignature(secret, receiver.requests[0]!.raw, receiver.requests[0]!.headers['parley-signature'] as string)).toBe(true);
      vera.close();

      expect((await admin(server, 'POST', '/v1/webhooks', token, { url: 'ftp://x', secret })).status).toBe(400);
      expect((await admin(server, 'POST', '/v1/webhooks', token, { url: receiver.url, secret: 'short' })).status).toBe(400);
      expect((await admin(server, 'POST', '/v1/webhooks', token, { url: receiver.url, secret, events: ['nope'] })).status).toBe(400);
      expect((await admin(server, 'GET', '/v1/webhooks/deliveries?status=weird', token)).status).toBe(400);
      expect((await admin(server, 'DELETE', '/v1/webhooks/from-file', token)).status).toBe(409);
      expect((await admin(server, 'DELETE', `/v1/webhooks/${String(webhook.id)}`, token)).status).toBe(204);
      expect((await admin(server, 'DELETE', `/v1/webhooks/${String(webhook.id)}`, token)).status).toBe(404);
    } finally {
      await server.stop();
      await receiver.close();
    }
  });

  it('answers an admin agent’s session without any admin token, audits add and delete, and refuses other agents', async () => {
    const receiver = await startWebhookReceiver();
    const server = await startTestServer({ outbox: fast });
    try {
      await server.addAgent({ username: 'hook-admin', password: 'admin-password', name: 'Admin', rooms: ['support'], admin: true });
      await server.addAgent({ username: 'hook-agent', password: 'agent-password', name: 'Agent', rooms: ['support'] });
      const adminToken = (await server.tokens.issue({ sub: 'hook-admin', role: 'agent', name: 'Admin' })).token;
      const agentToken = (await server.tokens.issue({ sub: 'hook-agent', role: 'agent', name: 'Agent' })).token;
      expect(await admin(server, 'GET', '/v1/webhooks/deliveries', 'anything')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      expect(await admin(server, 'GET', '/v1/webhooks', agentToken)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      const added = await admin(server, 'POST', '/v1/webhooks', adminToken, { url: receiver.url, secret, events: ['chat.created'] });
      expect(added.status).toBe(201);
      const id = String((added.body!.webhook as { id: string }).id);
      expect((await admin(server, 'DELETE', `/v1/webhooks/${id}`, agentToken)).status).toBe(403);
      expect((await admin(server, 'DELETE', `/v1/webhooks/${id}`, adminToken)).status).toBe(204);
      const audit = await server.administration.auditLog(50);
      const entries = audit.filter((entry) => entry.action.startsWith('webhook.')).map((entry) => [entry.actor, entry.action, entry.target]);
      expect(entries.sort()).toEqual([
        ['hook-admin', 'webhook.create', id],
        ['hook-admin', 'webhook.delete', id],
      ]);
      // The secret never reaches the audit log.
      expect(JSON.stringify(audit)).not.toContain(secret);
    } finally {
      await server.stop();
      await receiver.close();
    }
  });

  it('audits calls made with the operator’s admin token under its own actor', async () => {
    const server = await startTestServer({ adminToken: 'admin-token-admin-token', outbox: fast });
    try {
      const added = await admin(server, 'POST', '/v1/webhooks', 'admin-token-admin-token', { url: 'https://hooks.example.com/y', secret });
      expect(added.status).toBe(201);
      const id = String((added.body!.webhook as { id: string }).id);
      expect((await server.administration.auditLog(50)).filter((entry) => entry.action === 'webhook.create').map((entry) => [entry.actor, entry.target])).toEqual([['admin-token', id]]);
    } finally {
      await server.stop();
    }
  });
});

describe('webhooks with two nodes on one PostgreSQL', () => {
  it('delivers each event once, whichever node claims it', async () => {
    const receiver = await startWebhookReceiver((index) => (index % 3 === 0 ? 500 : 200));
    const database = await createThrowawayPostgres();
    const options = { databaseUrl: database.value, webhooks: [target('both', receiver.url)], outbox: { ...fast, pollMs: 20 } };
    const a = await startTestServer(options);
    const b = await startTestServer(options);
    try {
      const { user, session } = await signUp(a, { name: 'Vera' });
      const vera = await connectParticipant(a, user, session.token);
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: user.id });
      for (let i = 0; i < 20; i += 1) await vera.send('messages:send', { chatId: chat.id, clientId: `c${i}`, type: 'text', message: `n${i}` });
      await receiver.waitFor(() => receiver.accepted().length === 21, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = receiver.accepted().map((entry) => entry.body.id);
      expect(new Set(ids).size).toBe(21);
      expect(ids).toHaveLength(21);
      const texts = receiver.accepted().filter((entry) => entry.body.type === 'chat.message').map((entry) => (entry.body as Extract<WebhookBody, { type: 'chat.message' }>).data.message.message);
      expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
      vera.close();
    } finally {
      await a.stop();
      await b.stop();
      await database.remove();
      await receiver.close();
    }
  });
});

describe('webhook targets given in code', () => {
  it('are checked like the file: a bad one stops the start', async () => {
    await expect(startTestServer({ webhooks: [{ url: 'ftp://example.com', secret }] })).rejects.toMatchObject({ code: 'invalid_payload' });
  });
});

describe('the chat.rated hook point', () => {
  it('delivers an event published from outside the engine (what records a rating calls it)', async () => {
    const receiver = await startWebhookReceiver();
    // Given in code as in the file: no id needed.
    const server = await startTestServer({ webhooks: [{ url: receiver.url, secret, events: ['chat.rated'] }], outbox: fast });
    try {
      const vera = await visitor(server);
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      server.webhooks.publish(webhookEvent('chat.rated', chat.room, { chat, rating: { score: 5, comment: 'great' } }));
      await receiver.waitFor(() => receiver.accepted().length === 1);
      expect(receiver.requests.map((entry) => entry.body.type)).toEqual(['chat.rated']);
      expect(receiver.requests[0]!.body.data).toEqual({ chat, rating: { score: 5, comment: 'great' } });
      vera.close();
    } finally {
      await server.stop();
      await receiver.close();
    }
  });
});
