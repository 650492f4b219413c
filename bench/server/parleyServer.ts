// Child process: a Parley server (`startParleyServer`) on PGlite (a temporary data directory) or on
// PostgreSQL (a throwaway database), with one agent (capacity 1, room `bench-<n>`) and one visitor per
// chat registered and their tokens minted. Tells the parent `ready`; on `stop` closes the server,
// removes the data, answers `stopped` and exits.
//   argv: pglite|pglite-main-thread|postgres <chats> (pglite-main-thread: PGlite on the server's own thread)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startParleyServer } from '@parley/server';
import { createThrowawayPostgres } from '../../packages/server/src/store/testDatabases';
import { failToParent, finishWith, heapAfterGc, tellParent } from '../lib/child';
import { createLoopProbe } from '../lib/loopProbe';
import type { ChatSeat, ServerIn, ServerReady } from './protocol';
import { benchRoom } from './protocol';

/** Limits high enough never to throttle the benchmark (it measures the server, not its rate limits). */
const unthrottled = {
  eventBurst: 1_000_000_000,
  eventsPerSecond: 1_000_000_000,
  maxSocketsPerUser: 10_000,
  // Every bench socket comes from 127.0.0.1 (issue 13's per-address and per-user limits).
  maxSocketsPerIp: 1_000_000,
  userEventBurst: 1_000_000_000,
  userEventsPerSecond: 1_000_000_000,
};

async function main(): Promise<void> {
  const started = performance.now();
  const [kind, chatsText] = process.argv.slice(2);
  if (kind !== 'pglite' && kind !== 'pglite-main-thread' && kind !== 'postgres') throw new Error(`unknown store ${kind}`);
  const chats = Number(chatsText);
  if (!Number.isInteger(chats) || chats < 1) throw new Error(`bad chat count ${chatsText}`);

  const cleanups: (() => Promise<void>)[] = [];
  let storeOptions: { dataDir: string; databaseUrl?: string; pgliteWorker?: boolean };
  let database: string | undefined;
  // The data dir also holds the generated secret when none is given; we pass one, so it stays empty on PostgreSQL.
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  if (kind === 'postgres') {
    const throwaway = await createThrowawayPostgres();
    cleanups.unshift(throwaway.remove);
    database = new URL(throwaway.value).pathname.slice(1);
    storeOptions = { dataDir, databaseUrl: throwaway.value };
  } else {
    storeOptions = { dataDir, ...(kind === 'pglite-main-thread' && { pgliteWorker: false }) };
  }

  const server = await startParleyServer({
    port: 0,
    ...storeOptions,
    logLevel: 'silent',
    secret: 'bench-secret-bench-secret-bench-secret',
    limits: unthrottled,
  });
  cleanups.unshift(() => server.close());

  const seats: ChatSeat[] = [];
  for (let index = 0; index < chats; index++) {
    const agentId = `bench-agent-${index}`;
    const room = benchRoom(index);
    await server.engine.registerAgent({ id: agentId, name: `Agent ${index}`, rooms: [room], capacity: 1, status: 'offline' });
    const visitor = await server.engine.registerVisitor({ name: `Visitor ${index}` });
    const [visitorSession, agentSession] = await Promise.all([
      server.tokens.issue({ sub: visitor.id, role: 'user', name: visitor.name }),
      server.tokens.issue({ sub: agentId, role: 'agent', name: `Agent ${index}` }),
    ]);
    seats.push({ room, visitorId: visitor.id, visitorToken: visitorSession.token, agentId, agentToken: agentSession.token });
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    finishWith({ type: 'stopped' });
  };
  const loopProbe = createLoopProbe();
  process.on('message', (message: ServerIn) => {
    if (message.type === 'stop') void stop();
    else if (message.type === 'heap') tellParent({ type: 'heap', bytes: heapAfterGc() });
    else if (message.type === 'probeStart') loopProbe.start();
    else if (message.type === 'probeEnd') void loopProbe.stop().then((probe) => tellParent({ type: 'probe', probe }));
  });
  // The parent died without saying stop: still drop the database and the data directory.
  process.on('disconnect', () => void stop());

  const ready: ServerReady = { type: 'ready', url: server.url, seats, startupMs: performance.now() - started };
  if (database !== undefined) ready.database = database;
  tellParent(ready);
}

main().catch(failToParent);
