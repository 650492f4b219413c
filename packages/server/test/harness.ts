import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type {
  ClientEventName,
  ClientPayload,
  ClientResult,
  ClientToServerEvents,
  ErrorPayload,
  ServerEventName,
  ServerPayload,
  ServerToClientEvents,
  Session,
  User,
} from '@parley/protocol';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ParleyServer, ParleyServerOptions } from '../src/index';
import { startParleyServer } from '../src/index';
import { createPgliteDataDir, createThrowawayPostgres } from '../src/store/testDatabases';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real server on a random port with its own PGlite directory, removed by `stop()`. */
export interface TestServer extends ParleyServer {
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Every test runs from 127.0.0.1, so the per-address abuse limits (signups, logins, sockets) would
 * throttle the suite itself; tests of those limits set them explicitly. Rooms are open for the same
 * reason (suites invent room names); `test/abuseLimits.test.ts` checks the configured default.
 */
export const testLimits = { signupsPerIpPerMinute: 1_000_000, loginsPerIpPerMinute: 1_000_000, maxSocketsPerIp: 1_000_000 };

export async function startTestServer(options: ParleyServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await createPgliteDataDir('parley-test-')).value;
  const server = await startParleyServer({
    port: 0,
    logLevel: 'silent',
    secret: 'test-secret-test-secret-test-secret',
    presenceGraceMs: 50,
    rooms: '*',
    ...options,
    limits: { ...testLimits, ...options.limits },
    dataDir,
  });
  return Object.assign(server, {
    dataDir,
    async stop() {
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** The two stores every flow-level suite runs against. */
export const storeKinds = ['PGlite', 'PostgreSQL'] as const;
export type StoreKind = (typeof storeKinds)[number];

/** A test server on PGlite, or on a throwaway PostgreSQL database dropped by `stop()`. */
export async function startTestServerOn(kind: StoreKind, options: ParleyServerOptions = {}): Promise<TestServer> {
  if (kind === 'PGlite') return startTestServer(options);
  const database = await createThrowawayPostgres();
  const server = await startTestServer({ ...options, databaseUrl: database.value });
  const stop = server.stop.bind(server);
  return Object.assign(server, {
    async stop() {
      await stop();
      await database.remove();
    },
  });
}

/** The Redis the cluster tests use (each under a key prefix of its own). */
export const testRedisUrl = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two nodes of one deployment (PostgreSQL + the Redis adapter), both stopped by `stop()`. */
export interface TwoNodes {
  nodeA: TestServer;
  nodeB: TestServer;
  stop(): Promise<void>;
}

/**
 * Two nodes on a throwaway PostgreSQL database and a Redis key prefix of their own (other runs on the
 * same Redis never hear these), with the same `options`.
 */
export async function startTwoNodes(options: ParleyServerOptions = {}): Promise<TwoNodes> {
  const database = await createThrowawayPostgres();
  const shared = {
    ...options,
    databaseUrl: database.value,
    redisUrl: testRedisUrl,
    redisPrefix: `parley-test-${randomBytes(4).toString('hex')}`,
  };
  const nodeA = await startTestServer(shared);
  const nodeB = await startTestServer(shared);
  return {
    nodeA,
    nodeB,
    async stop() {
      await nodeA.stop();
      await nodeB.stop();
      await database.remove();
    },
  };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

export async function signUp(server: { url: string }, profile: Record<string, unknown> = {}): Promise<{ user: User; session: Session }> {
  const { status, body } = await postJson(`${server.url}/v1/users`, profile);
  if (status !== 201) throw new Error(`signup failed: ${status} ${JSON.stringify(body)}`);
  return body as { user: User; session: Session };
}

export async function logIn(server: { url: string }, username: string, password: string): Promise<{ user: User; session: Session }> {
  const { status, body } = await postJson(`${server.url}/v1/agents/login`, { username, password });
  if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(body)}`);
  return body as { user: User; session: Session };
}

/**
 * A connected participant: a socket plus the seed's `send` (resolves with `data`, rejects with the
 * error payload) and a log of every server event it received.
 */
export interface Participant {
  user: User;
  token: string;
  socket: ClientSocket;
  send<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>>;
  /** Resolves with the error of a refused event; rejects if it succeeded. */
  refused(event: string, payload: unknown): Promise<ErrorPayload>;
  received<E extends ServerEventName>(event: E): ServerPayload<E>[];
  /** The first `event` matching `predicate` received so far, or the next one to arrive. */
  waitFor<E extends ServerEventName>(event: E, predicate?: (payload: ServerPayload<E>) => boolean, timeoutMs?: number): Promise<ServerPayload<E>>;
  close(): void;
}

export function openSocket(server: { url: string }, token: string): ClientSocket {
  return connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
}

export async function connectParticipant(server: { url: string }, user: User, token: string): Promise<Participant> {
  const socket = openSocket(server, token);
  const log: { event: string; payload: unknown }[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, payload: unknown) => {
    log.push({ event, payload });
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });

  const participant: Participant = {
    user,
    token,
    socket,
    async send(event, payload) {
      const envelope = (await (socket as unknown as Socket).timeout(10_000).emitWithAck(event, payload)) as
        | { ok: true; data: unknown }
        | { ok: false; error: ErrorPayload };
      if (!envelope.ok) throw Object.assign(new Error(`${event}: ${envelope.error.code}: ${envelope.error.message}`), envelope.error);
      return envelope.data as ClientResult<typeof event>;
    },
    async refused(event, payload) {
      const envelope = (await (socket as unknown as Socket).timeout(10_000).emitWithAck(event, payload)) as
        | { ok: true; data: unknown }
        | { ok: false; error: ErrorPayload };
      if (envelope.ok) throw new Error(`${event} succeeded: ${JSON.stringify(envelope.data)}`);
      return envelope.error;
    },
    received(event) {
      return log.filter((entry) => entry.event === event).map((entry) => entry.payload as ServerPayload<typeof event>);
    },
    waitFor(event, predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          const matches = log.slice(seen).filter((entry) => entry.event === event);
          seen = log.length;
          const match = matches.map((entry) => entry.payload as ServerPayload<typeof event>).find(predicate);
          if (match) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${event}; received ${log.map((entry) => entry.event).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        // Events that already arrived count too: callers often set up the wait after the trigger.
        check();
      });
    },
    close() {
      socket.close();
    },
  };
  return participant;
}

export async function visitor(server: { url: string }, name = 'Vera'): Promise<Participant> {
  const { user, session } = await signUp(server, { name });
  return connectParticipant(server, user, session.token);
}

/** An agent of `rooms` (default support) signed in over REST and connected; online on connect. */
export async function agent(server: TestServer, username: string, rooms = ['support'], capacity = 3): Promise<Participant> {
  await server.addAgent({ username, password: 'secret-pass', name: `Agent ${username}`, rooms, capacity });
  const { user, session } = await logIn(server, username, 'secret-pass');
  const participant = await connectParticipant(server, user, session.token);
  await participant.waitFor('agent:status', (payload) => payload.userId === username && payload.status === 'online');
  return participant;
}
