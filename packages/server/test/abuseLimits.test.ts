import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ErrorPayload } from '@parley/protocol';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, TestServer } from './harness';
import { agent, connectParticipant, logIn, openSocket, postJson, signUp, startTestServer, testRedisUrl, visitor } from './harness';

/**
 * Issue 13's limits hit as an attacker would, against a real server: each refusal has its code and
 * its `details.limit`, and is counted in `parley_limit_refusals_total{limit}`. Figures are printed.
 */

const secret = 'test-secret-test-secret-test-secret';

async function scrape(server: { url: string }, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers });
  return response.text();
}

/** `parley_limit_refusals_total{limit}`, 0 when never refused. */
async function refusals(server: { url: string }, limit: string): Promise<number> {
  const match = new RegExp(`^parley_limit_refusals_total\\{limit="${limit}"\\} (\\S+)$`, 'm').exec(await scrape(server));
  return match ? Number(match[1]) : 0;
}

/** The `connect_error` data of a socket that must be refused at the handshake, or `connected`. */
async function handshake(server: { url: string }, token: string): Promise<string> {
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

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

function report(line: string): void {
  process.stdout.write(`[abuse limits] ${line}\n`);
}

describe('per-address limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { signupsPerIpPerMinute: 5, maxSocketsPerIp: 4 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('signups per IP per minute: 429 rate_limited naming the limit, with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: ErrorPayload }).error).toMatchObject({
      code: 'rate_limited',
      details: { limit: 'signups_per_ip', retryAfterMs: expect.any(Number) },
    });
    expect(await refusals(server, 'signups_per_ip')).toBe(15);
    report(`signups: 20 from one address in a burst → 5 accepted, 15 refused (limit 5/min)`);
  });

  it('sockets per IP: the socket beyond the limit is refused at the handshake, whoever opens it', async () => {
    const session = (await server.tokens.issue({ sub: 'ip-visitor', role: 'user', name: 'V' })).token;
    const others = await Promise.all(
      ['ip-a', 'ip-b', 'ip-c'].map(async (id) => (await server.tokens.issue({ sub: id, role: 'user', name: id })).token),
    );
    const open: Participant[] = [];
    for (const token of [session, ...others]) open.push(await connectParticipant(server, { id: 'x', role: 'user', name: 'x' }, token));
    expect(await handshake(server, session)).toBe('rate_limited');
    expect(await handshake(server, others[0]!)).toBe('rate_limited');
    open.pop()!.close();
    await expect.poll(() => handshake(server, session), { timeout: 5000 }).toBe('connected');
    for (const participant of open) participant.close();
    expect(await refusals(server, 'sockets_per_ip')).toBeGreaterThanOrEqual(2);
  });
});

describe('REST limits shared through Redis', () => {
  it('counts signups from one address across two nodes that share REDIS_URL', async () => {
    const redisPrefix = `parley-test-${process.pid}-${Date.now()}`;
    const options = { redisUrl: testRedisUrl, redisPrefix, limits: { signupsPerIpPerMinute: 4 } };
    const [nodeA, nodeB] = await Promise.all([startTestServer(options), startTestServer(options)]);
    try {
      const statuses: number[] = [];
      for (const node of [nodeA, nodeB, nodeA, nodeB, nodeA, nodeB]) statuses.push((await postJson(`${node.url}/v1/users`, {})).status);
      expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
    } finally {
      await Promise.all([nodeA.stop(), nodeB.stop()]);
    }
  }, 90_000); // two server starts: slow on a loaded machine
});

describe('events per user across all their sockets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { eventBurst: 100, eventsPerSecond: 100, userEventBurst: 10, userEventsPerSecond: 1 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('shares one bucket: three sockets do not triple the rate', async () => {
    const { user, session } = await signUp(server);
    const sockets = await Promise.all([1, 2, 3].map(() => connectParticipant(server, user, session.token)));
    const outcomes = await Promise.all(
      sockets.flatMap((socket) => Array.from({ length: 10 }, () => socket.send('user:focus', {}).then(() => 'ok', (error: ErrorPayload) => error))),
    );
    const accepted = outcomes.filter((outcome) => outcome === 'ok').length;
    const refused = outcomes.filter((outcome): outcome is ErrorPayload => outcome !== 'ok');
    expect(accepted).toBeLessThanOrEqual(11);
    expect(refused.length).toBeGreaterThanOrEqual(19);
    expect(refused[0]).toMatchObject({ code: 'rate_limited', details: { limit: 'events_per_user' } });
    expect(await refusals(server, 'events_per_user')).toBe(refused.length);
    report(`events: 30 from 3 sockets of one user → ${accepted} accepted, ${refused.length} refused (burst 10)`);
    for (const socket of sockets) socket.close();
  });
});

describe('rooms, offers, chats and history', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      rooms: ['billing'],
      limits: { maxChatsPerVisitor: 3, maxImportedMessages: 600, minOfferSeconds: 5, maxOfferAttempts: 10 },
    });
    await server.addAgent({ username: 'room-agent', password: 'secret-pass', name: 'R', rooms: ['support'] });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses rooms that are neither configured nor served by an agent', async () => {
    const vera = await visitor(server);
    const made = await vera.refused('chats:create', { room: 'made-up-room', source: 'web', creator: vera.user.id });
    expect(made).toEqual({ code: 'not_found', message: 'room made-up-room does not exist', details: { limit: 'unknown_room' } });
    await vera.send('chats:create', { room: 'billing', source: 'web', creator: vera.user.id });
    await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    expect(await refusals(server, 'unknown_room')).toBe(1);
    // /metrics keeps one series per known room, whatever visitors try.
    expect(await scrape(server)).not.toContain('made-up-room');
    vera.close();
  });

  it('refuses offers faster or more often than configured', async () => {
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    const fast = await vera.refused('chats:assign', { chatId: chat.id, interval: 0.1, maxAttempts: 100 });
    expect(fast).toMatchObject({ code: 'invalid_payload', details: { limit: 'offer_bounds' } });
    expect((await vera.refused('chats:assign', { chatId: chat.id, maxAttempts: 11 })).details).toMatchObject({ limit: 'offer_bounds' });
    // Past the protocol's outer bounds too: the refusal names the limit, whichever bound was crossed.
    for (const bounds of [{ interval: 3601 }, { interval: 1e-9 }, { interval: 0 }, { maxAttempts: 0 }, { maxAttempts: 101 }]) {
      expect(await vera.refused('chats:assign', { chatId: chat.id, ...bounds })).toMatchObject({ code: 'invalid_payload', details: { limit: 'offer_bounds' } });
    }
    await vera.send('chats:assign', { chatId: chat.id, interval: 5, maxAttempts: 10 });
    vera.close();
  });

  it('bounds chats per visitor', async () => {
    const vera = await visitor(server);
    for (const room of ['support', 'billing']) {
      const { chat } = await vera.send('chats:create', { room, source: 'web', creator: vera.user.id });
      await vera.send('chats:close', { chatId: chat.id, userId: vera.user.id });
    }
    await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    const refused = await vera.refused('chats:create', { room: 'billing', source: 'web', creator: vera.user.id });
    expect(refused).toMatchObject({ code: 'rate_limited', details: { limit: 'chats_per_visitor', max: 3 } });
    vera.close();
  });

  it('bounds imported history per chat and pages chats:get history', async () => {
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    const batch = Array.from({ length: 500 }, (_, index) => ({ created: 1_700_000_000 + index, type: 'text' as const, message: `old ${index}`, sender: 'assistant' }));
    await vera.send('history:import', { chatId: chat.id, history: batch });
    const over = await vera.refused('history:import', { chatId: chat.id, history: batch });
    expect(over).toMatchObject({ code: 'payload_too_large', details: { limit: 'history_per_chat' } });
    const { chat: details } = await vera.send('chats:get', { chatId: chat.id, fields: 'history' });
    expect(details.history).toHaveLength(200);
    expect(details.hasMoreHistory).toBe(true);
    expect(await refusals(server, 'history_per_chat')).toBe(1);
    vera.close();
  });
});

describe('logins', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { loginFreeFailures: 2, loginFreeFailuresPerIp: 6 } });
    await server.addAgent({ username: 'ada', password: 'right-password', name: 'Ada', rooms: ['support'] });
  });
  afterAll(async () => {
    await server.stop();
  });

  const login = (username: string, password: string) => postJson(`${server.url}/v1/agents/login`, { username, password });

  it('throttles a username with growing delays; the right password waits too', async () => {
    expect((await login('ada', 'wrong-1')).status).toBe(401);
    expect((await login('ada', 'wrong-2')).status).toBe(401);
    const first = await login('ada', 'right-password');
    expect(first.status).toBe(429);
    const firstWait = ((first.body as { error: ErrorPayload }).error.details?.retryAfterMs as number) ?? 0;
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, firstWait + 50));
    expect((await login('ada', 'wrong-3')).status).toBe(401);
    const second = await login('ada', 'right-password');
    const secondWait = (second.body as { error: ErrorPayload }).error.details?.retryAfterMs as number;
    expect(second.status).toBe(429);
    expect(secondWait).toBeGreaterThan(firstWait);
    report(`logins: after 2 free failures the waits grow: ${firstWait} ms, then ${secondWait} ms`);
    await new Promise((resolve) => setTimeout(resolve, secondWait + 50));
    expect((await login('ada', 'right-password')).status).toBe(200);
  });

  it('throttles an address spraying usernames', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 10; index++) statuses.push((await login(`nobody-${index}`, 'guess')).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect(await refusals(server, 'login_attempts')).toBeGreaterThan(0);
  });
});

describe('tokens', () => {
  const key = new TextEncoder().encode(secret);

  it('disconnects an open socket when its token expires; the reconnect is refused unauthorized', async () => {
    const server = await startTestServer();
    try {
      const exp = Math.floor(Date.now() / 1000) + 2;
      const token = await new SignJWT({ role: 'user', name: 'Brief' }).setProtectedHeader({ alg: 'HS256' }).setSubject('brief').setExpirationTime(exp).sign(key);
      const brief = await connectParticipant(server, { id: 'brief', role: 'user', name: 'Brief' }, token);
      const reason = await new Promise<string>((resolve) => brief.socket.once('disconnect', resolve));
      expect(reason).toBe('io server disconnect');
      expect(await handshake(server, token)).toBe('unauthorized');
    } finally {
      await server.stop();
    }
  });

  it('lets an agent log out: the token is refused from then on and its sockets are disconnected', async () => {
    const server = await startTestServer();
    try {
      const ada = await agent(server, 'logout-ada');
      const other = await logIn(server, 'logout-ada', 'secret-pass');
      const gone = new Promise<string>((resolve) => ada.socket.once('disconnect', resolve));
      const answer = await fetch(`${server.url}/v1/agents/logout`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}` } });
      expect(answer.status).toBe(204);
      expect(await gone).toBe('io server disconnect');
      expect(await handshake(server, ada.token)).toBe('unauthorized');
      // Only that session ended: another login of the same agent still connects.
      expect(await handshake(server, other.session.token)).toBe('connected');
      const bad = await fetch(`${server.url}/v1/agents/logout`, { method: 'POST', headers: { authorization: 'Bearer nonsense' } });
      expect(bad.status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start with a secret shorter than 32 bytes; accepts the previous secret while rotating', async () => {
    await expect(startTestServer({ secret: 'too-short' })).rejects.toThrow(/at least 32/);
    const oldSecret = 'old-secret-old-secret-old-secret-old';
    const oldToken = await new SignJWT({ role: 'user', name: 'Old' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old-visitor')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(oldSecret));
    const rotated = await startTestServer({ previousSecrets: [oldSecret] });
    try {
      expect(await handshake(rotated, oldToken)).toBe('connected');
    } finally {
      await rotated.stop();
    }
    const after = await startTestServer();
    try {
      expect(await handshake(after, oldToken)).toBe('unauthorized');
    } finally {
      await after.stop();
    }
  }, 90_000);
});

describe('metrics, pages and the console allowlist', () => {
  it('protects /metrics with a token, or serves it on a port of its own only', async () => {
    const guarded = await startTestServer({ metricsToken: 'scrape-token' });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token!' } })).status).toBe(401);
      const ok = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer scrape-token' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('parley_events_total');
    } finally {
      await guarded.stop();
    }
    const separate = await startTestServer({ metricsPort: 0 });
    try {
      expect((await fetch(`${separate.url}/metrics`)).status).toBe(404);
      const own = await fetch(`http://127.0.0.1:${separate.metricsPort}/metrics`);
      expect(own.status).toBe(200);
    } finally {
      await separate.stop();
    }
  });

  it('serves HTML pages with a strict CSP and frame protection, and tells the console its allowed servers', async () => {
    const root = await mkdtemp(join(tmpdir(), 'parley-csp-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
    const server = await startTestServer({ staticMounts: [{ prefix: '/console', root }], consoleServers: ['https://chat.example.com'] });
    try {
      const page = await fetch(`${server.url}/console/`);
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("connect-src 'self' https://chat.example.com wss://chat.example.com");
      expect(policy).not.toContain('unsafe');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const config = (await (await fetch(`${server.url}/v1/console/config`)).json()) as { servers: string[] };
      expect(config).toEqual({ servers: ['https://chat.example.com'] });
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});

/**
 * The flood runs in a worker thread: its own event loop, as a separate attacker machine would be, so
 * what slows the chat is the server's work, not the flood's HTTP client sharing the server's loop.
 * Plain JavaScript (`eval`), bounded by a stop message and an iteration cap.
 */
const floodWorker = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, logins, signups, loginPath } = workerData;
let flooding = true;
const counts = { logins: 0, loginRefused: 0, signups: 0, signupRefused: 0 };
parentPort.on('message', () => { flooding = false; });
async function post(path, body) {
  const answer = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await answer.arrayBuffer();
  return answer.status;
}
const loops = [
  ...Array.from({ length: logins }, async (_, loop) => {
    for (let index = 0; flooding && index < 200000; index++) {
      const status = await post(loginPath, { username: 'flood-agent', password: 'wrong-' + loop + '-' + index });
      counts.logins++;
      if (status === 429) counts.loginRefused++;
    }
  }),
  ...Array.from({ length: signups }, async () => {
    for (let index = 0; flooding && index < 200000; index++) {
      const status = await post('/v1/users', { name: 'x'.repeat(200) });
      counts.signups++;
      if (status === 429) counts.signupRefused++;
    }
  }),
];
parentPort.postMessage('started');
Promise.all(loops).then(() => parentPort.postMessage(counts));
`;

interface FloodCounts {
  logins: number;
  loginRefused: number;
  signups: number;
  signupRefused: number;
}

async function startFlood(url: string, logins: number, signups: number, loginPath = '/v1/agents/login'): Promise<{ stop(): Promise<FloodCounts> }> {
  const worker = new Worker(floodWorker, { eval: true, workerData: { url, logins, signups, loginPath } });
  await new Promise((resolve) => worker.once('message', resolve));
  return {
    async stop() {
      const counts = new Promise<FloodCounts>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const result = await counts;
      await worker.terminate();
      return result;
    },
  };
}

describe('a well-behaved chat during a flood', () => {
  it('keeps its p99 within a small factor while logins, signups and events flood from one address', async () => {
    const server = await startTestServer({
      limits: { signupsPerIpPerMinute: 30, loginsPerIpPerMinute: 60, maxSocketsPerIp: 1_000_000 },
    });
    try {
      await server.addAgent({ username: 'flood-agent', password: 'secret-pass', name: 'F', rooms: ['support'] });
      const signedIn = await logIn(server, 'flood-agent', 'secret-pass');
      const ada = await connectParticipant(server, signedIn.user, signedIn.session.token);
      const vera = await visitor(server);
      const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
      await ada.send('chats:join', { chatId: chat.id, userId: 'flood-agent' });

      let sent = 0;
      // A person's pace, well within the per-socket limit: one message every 25 ms.
      const measure = async (count: number): Promise<number[]> => {
        const times: number[] = [];
        for (let index = 0; index < count; index++) {
          const started = performance.now();
          await vera.send('messages:send', { chatId: chat.id, clientId: `m-${sent++}`, type: 'text', message: 'hello' });
          const took = performance.now() - started;
          times.push(took);
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, 25 - took)));
        }
        return times.sort((a, b) => a - b);
      };
      const p = (times: number[]) => `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`;
      await measure(20);
      const quiet = await measure(200);

      // For scale: the same flood of requests to a route that does nothing (404), i.e. the bare HTTP work.
      const bareFlood = await startFlood(server.url, 16, 0, '/v1/agents/nothing-here');
      const duringBare = await measure(200);
      const bareCounts = await bareFlood.stop();

      // 16 parallel login floods (wrong passwords), as in the issue.
      const loginFlood = await startFlood(server.url, 16, 0);
      const duringLogins = await measure(200);
      const loginCounts = await loginFlood.stop();

      // Everything at once: logins, signups, and a socket spamming events.
      const spammer = await visitor(server, 'Spam');
      let spamming = true;
      const spam = { events: 0, refused: 0 };
      const spamLoop = (async () => {
        for (let index = 0; spamming && index < 1_000_000; index++) {
          const outcome = await spammer.send('user:focus', {}).then(() => 'ok', () => 'refused');
          spam.events++;
          if (outcome === 'refused') spam.refused++;
        }
      })();
      const fullFlood = await startFlood(server.url, 16, 4);
      const duringAll = await measure(200);
      const allCounts = await fullFlood.stop();
      spamming = false;
      await spamLoop;

      expect((await vera.send('chats:get', { chatId: chat.id })).chat.lastSeq).toBe(820);
      const factor = (times: number[]) => (percentile(times, 99) / percentile(quiet, 99)).toFixed(1);
      report(`messages:send at 40/s, quiet: ${p(quiet)}`);
      report(`  during 16 floods of a 404 route (bare HTTP): ${p(duringBare)} (p99 ×${factor(duringBare)}); ${bareCounts.logins} requests`);
      report(`  during 16 login floods: ${p(duringLogins)} (p99 ×${factor(duringLogins)}); ${loginCounts.logins} logins, ${loginCounts.loginRefused} refused 429`);
      report(
        `  during logins + signups + event spam: ${p(duringAll)} (p99 ×${factor(duringAll)}); ${allCounts.logins} logins (${allCounts.loginRefused} refused), ` +
          `${allCounts.signups} signups (${allCounts.signupRefused} refused), ${spam.events} events (${spam.refused} refused)`,
      );
      expect(loginCounts.loginRefused).toBeGreaterThan(0);
      expect(allCounts.signupRefused).toBeGreaterThan(0);
      for (const participant of [ada, vera, spammer]) participant.close();
    } finally {
      await server.stop();
    }
  }, 120_000);
});
