import { randomBytes } from 'node:crypto';
import type { ErrorPayload } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServerOptions } from '../src/index';
import { createThrowawayPostgres } from '../src/store/testDatabases';
import type { Participant, TestServer } from './harness';
import { connectParticipant, logIn, openSocket, postJson, signUp, startTestServer, testRedisUrl as redisUrl } from './harness';

/** The `connect_error` payload of a refused handshake, or `connected`. */
async function handshake(server: { url: string }, token: string): Promise<string | ErrorPayload> {
  const socket = openSocket(server, token);
  try {
    return await new Promise<string | ErrorPayload>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: ErrorPayload }) => resolve(error.data ?? error.message));
    });
  } finally {
    socket.close();
  }
}

function report(line: string): void {
  process.stdout.write(`[shared limits] ${line}\n`);
}

/**
 * Issue 13's limits across two nodes that share PostgreSQL and Redis (each node in its own server
 * instance, with its own memory): sockets split across the nodes hit the per-address and per-user
 * limits together, a user's event budget is one, login failures on node A delay logins on node B,
 * and a session ended on one node is refused, and its sockets closed, on the other.
 */
describe('abuse limits shared by two nodes through Redis', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  let dropDatabase: () => Promise<void>;
  let databaseUrl: string;
  // Its own key prefix: other runs on the same Redis never see these counts; removed afterwards.
  const redisPrefix = `parley-test-limits-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const database = await createThrowawayPostgres();
    dropDatabase = database.remove;
    databaseUrl = database.value;
    const options: ParleyServerOptions = {
      databaseUrl: database.value,
      redisUrl,
      redisPrefix,
      limits: { maxSocketsPerIp: 6, maxSocketsPerUser: 3, userEventBurst: 10, userEventsPerSecond: 1, loginFreeFailures: 2, loginFreeFailuresPerIp: 50 },
    };
    nodeA = await startTestServer(options);
    nodeB = await startTestServer(options);
  }, 120_000);
  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await dropDatabase?.();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts one user’s sockets on both nodes together (sockets_per_user)', async () => {
    const { user, session } = await signUp(nodeA);
    const open: Participant[] = [];
    for (const node of [nodeA, nodeB, nodeA]) open.push(await connectParticipant(node, user, session.token));
    const refused = await handshake(nodeB, session.token);
    expect(refused).toMatchObject({ code: 'rate_limited', details: { limit: 'sockets_per_user', max: 3 } });
    open.shift()!.close();
    await expect.poll(() => handshake(nodeB, session.token), { timeout: 5000 }).toBe('connected');
    for (const participant of open) participant.close();
    report('sockets per user: 3 open across two nodes (limit 3) → the 4th refused on the other node; one closed → admitted');
  });

  it('counts one address’s sockets on both nodes together (sockets_per_ip)', async () => {
    const open: Participant[] = [];
    for (let index = 0; index < 6; index++) {
      const { user, session } = await signUp(nodeA);
      open.push(await connectParticipant(index % 2 === 0 ? nodeA : nodeB, user, session.token));
    }
    const extra = await signUp(nodeB);
    for (const node of [nodeA, nodeB]) {
      expect(await handshake(node, extra.session.token)).toMatchObject({ code: 'rate_limited', details: { limit: 'sockets_per_ip', max: 6 } });
    }
    open.pop()!.close();
    await expect.poll(() => handshake(nodeA, extra.session.token), { timeout: 5000 }).toBe('connected');
    for (const participant of open) participant.close();
    report('sockets per address: 3 on node A + 3 on node B (limit 6) → the 7th refused on both nodes');
  });

  it('draws one event budget for a user whose sockets are on both nodes (events_per_user)', async () => {
    const { user, session } = await signUp(nodeA);
    const sockets = [await connectParticipant(nodeA, user, session.token), await connectParticipant(nodeB, user, session.token)];
    const outcomes = await Promise.all(
      sockets.flatMap((socket) => Array.from({ length: 15 }, () => socket.send('user:focus', {}).then(() => 'ok', (error: ErrorPayload) => error))),
    );
    const accepted = outcomes.filter((outcome) => outcome === 'ok').length;
    const refused = outcomes.filter((outcome): outcome is ErrorPayload => outcome !== 'ok');
    // One budget of 1/s plus a burst of 10: a budget per node would have let 22 through.
    expect(accepted).toBeLessThanOrEqual(11);
    expect(refused[0]).toMatchObject({ code: 'rate_limited', details: { limit: 'events_per_user' } });
    for (const socket of sockets) socket.close();
    report(`events per user: 30 from sockets on two nodes → ${accepted} accepted, ${refused.length} refused (1/s + burst 10)`);
  });

  it('delays logins on node B after failures on node A (login_attempts, per username)', async () => {
    await nodeA.addAgent({ username: 'shared-ada', password: 'right-password', name: 'Ada', rooms: ['support'] });
    const login = (node: TestServer, password: string) => postJson(`${node.url}/v1/agents/login`, { username: 'shared-ada', password });
    expect((await login(nodeA, 'wrong-1')).status).toBe(401);
    expect((await login(nodeA, 'wrong-2')).status).toBe(401);
    const onB = await login(nodeB, 'right-password');
    expect(onB.status).toBe(429);
    const { error } = onB.body as { error: ErrorPayload };
    expect(error).toMatchObject({ code: 'rate_limited', details: { limit: 'login_attempts' } });
    const wait = error.details?.retryAfterMs as number;
    expect(wait).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, wait + 50));
    expect((await login(nodeB, 'right-password')).status).toBe(200);
    report(`logins: 2 failures on node A → node B answers 429 login_attempts for ${wait} ms, then lets the right password in`);
  });

  it('refuses an ended session on every node and disconnects its sockets wherever they are', async () => {
    const { user, session } = await signUp(nodeA);
    const onB = await connectParticipant(nodeB, user, session.token);
    const other = await signUp(nodeA);
    const gone = new Promise<string>((resolve) => onB.socket.once('disconnect', resolve));
    const answer = await fetch(`${nodeA.url}/v1/users/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    expect(answer.status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    for (const node of [nodeA, nodeB]) expect(await handshake(node, session.token)).toMatchObject({ code: 'unauthorized' });
    expect(await handshake(nodeB, other.session.token)).toBe('connected');

    await nodeB.addAgent({ username: 'shared-logout', password: 'secret-pass', name: 'L', rooms: ['support'] });
    const agentSession = await logIn(nodeB, 'shared-logout', 'secret-pass');
    const agentOnA = await connectParticipant(nodeA, agentSession.user, agentSession.session.token);
    const agentGone = new Promise<string>((resolve) => agentOnA.socket.once('disconnect', resolve));
    const out = await fetch(`${nodeB.url}/v1/agents/logout`, { method: 'POST', headers: { authorization: `Bearer ${agentSession.session.token}` } });
    expect(out.status).toBe(204);
    expect(await agentGone).toBe('io server disconnect');
    expect(await handshake(nodeA, agentSession.session.token)).toMatchObject({ code: 'unauthorized' });
  });

  it('keeps a revocation across a restart of every node (kept in the store, reloaded into Redis)', async () => {
    const { session } = await signUp(nodeA);
    await fetch(`${nodeA.url}/v1/users/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    // A flushed Redis (or a new one) learns the list from the store when a node starts.
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${redisPrefix}:revoked:*`);
    await redis.del(...keys);
    await redis.quit();
    const nodeC = await startTestServer({ databaseUrl, redisUrl, redisPrefix });
    try {
      expect(await handshake(nodeC, session.token)).toMatchObject({ code: 'unauthorized' });
    } finally {
      await nodeC.stop();
    }
  });
});

describe('socket slots of clients that leave during the handshake', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { maxSocketsPerUser: 1 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('are given back: a client that closes while its handshake runs does not hold its slot for good', async () => {
    const { session } = await signUp(server);
    // Each of these closes as soon as its transport is open, while the server is still checking its token.
    for (let index = 0; index < 20; index++) {
      const socket = openSocket(server, session.token);
      await new Promise<void>((resolve) => {
        socket.io.engine.once('open', () => {
          socket.close();
          resolve();
        });
      });
    }
    await expect.poll(() => handshake(server, session.token), { timeout: 5000 }).toBe('connected');
  });
});
