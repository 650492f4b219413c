import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatEngine } from '@parley/engine';
import type { User } from '@parley/protocol';
import type { ParleyServer, ParleyServerOptions } from '@parley/server';
import { startParleyServer } from '@parley/server';
import { vi } from 'vitest';
import type { ChatStore, ClientOptions, LocalTransport, ParleyClient, SignedIn } from '../src/index';
import { createClient, createLocalTransport, loginAgent, signUpVisitor } from '../src/index';

export const secret = 'core-test-secret-core-test-secret-0123';

export interface TestServer extends ParleyServer {
  dataDir: string;
}

/** A real server on a random port (or the one given) over a PGlite directory. */
export async function startServer(options: ParleyServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'parley-core-')));
  // Open rooms and loopback-sized address limits: every test runs from 127.0.0.1 (issue 13's limits).
  // Short offers keep routing tests quick.
  const limits = { signupsPerIpPerMinute: 1_000_000, loginsPerIpPerMinute: 1_000_000, maxSocketsPerIp: 1_000_000, minOfferSeconds: 0.1, ...options.limits };
  const server = await startParleyServer({ port: 0, logLevel: 'silent', secret, presenceGraceMs: 50, rooms: '*', ...options, limits, dataDir });
  return Object.assign(server, { dataDir });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface Participant {
  signedIn: SignedIn;
  client: ParleyClient;
  store: ChatStore;
  close(): void;
}

type Extra = Omit<ClientOptions, 'url' | 'token' | 'transport'>;

export async function connectAs(url: string, signedIn: SignedIn, extra: Extra = {}): Promise<Participant> {
  const client = createClient({ url, token: signedIn.session.token, storage: false, socket: { reconnectDelayMs: 50, reconnectDelayMaxMs: 300 }, ...extra });
  await client.whenConnected(10_000);
  return {
    signedIn,
    client,
    store: client.store,
    close() {
      client.destroy();
    },
  };
}

export async function visitor(server: { url: string }, name = 'Vera', extra: Extra = {}): Promise<Participant> {
  return connectAs(server.url, await signUpVisitor(server.url, { name }), extra);
}

export async function agent(server: TestServer, username: string, rooms = ['support'], extra: Extra = {}): Promise<Participant> {
  await server.addAgent({ username, password: 'secret-pass', name: `Agent ${username}`, rooms });
  const participant = await connectAs(server.url, await loginAgent(server.url, { username, password: 'secret-pass' }), extra);
  await until(() => participant.store.getState().agents[username] === 'online');
  return participant;
}

/** Polls until `check` holds (generous limit; no timing is asserted). */
export async function until(check: () => boolean, timeout = 20_000): Promise<void> {
  // The caller's stack, so a timeout points at the condition that never held.
  const origin = new Error('condition not met yet');
  await vi.waitFor(() => {
    if (!check()) throw origin;
  }, { timeout, interval: 10 });
}

export interface LocalParticipant {
  user: User;
  transport: LocalTransport;
  client: ParleyClient;
  store: ChatStore;
}

/** A client linked to an in-process engine, connecting at once. */
export function connectLocal(engine: ChatEngine, user: User, extra: Omit<ClientOptions, 'url' | 'token' | 'transport'> = {}): LocalParticipant {
  const transport = createLocalTransport({ engine, user, reconnectDelayMs: 5 });
  const client = createClient({ transport, storage: false, ...extra });
  return { user, transport, client, store: client.store };
}
