// The cluster soak: two `parley-server` processes on one PostgreSQL database (a throwaway one) and a
// redis-server of its own, 2,000 sockets (1,000 visitors, each with one tab on each node), 500 msgs/s
// for 60 s written on one node and delivered to the other tab through Redis. Reports each node's
// memory (RSS) at the start and end of the steady load and the growth between, ack latency, and
// fails on a lost or duplicated message or a node that died. `--quick`: 100 visitors, 100 msgs/s, 5 s.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTokenService } from '@parley/server';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { createThrowawayPostgres } from '../../packages/server/src/store/testDatabases';
import { repoRoot } from '../lib/child';
import { rssBytes } from '../lib/proc';
import { fmt, quantile, sortedCopy, table } from '../lib/stats';
import type { Suite, SuiteOptions, SuiteReport } from '../lib/suite';

const secret = 'soak-secret-soak-secret-soak-secret-0123';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Plan {
  visitors: number;
  ratePerSecond: number;
  seconds: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

function launch(command: string, args: string[], cwd: string): Proc {
  const child = spawn(command, args, { cwd, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function startNode(databaseUrl: string, redisUrl: string): Promise<Proc & { url: string }> {
  const serverDir = join(repoRoot, 'packages', 'server');
  const node = launch(
    process.execPath,
    ['--import', 'tsx', '--conditions=parley-source', 'src/cli.ts', '--port', '0', '--database-url', databaseUrl, '--redis-url', redisUrl, '--secret', secret,
      // Its one room has no agents, and every soak socket comes from 127.0.0.1 (issue 13's limits).
      '--rooms', 'soak', '--limit', 'maxSocketsPerIp=1000000'],
    serverDir,
  );
  for (let waited = 0; waited < 60_000; waited += 100) {
    const match = /Parley server: (http:\/\/\S+)/.exec(node.output());
    if (match) return { ...node, url: match[1]! };
    if (node.child.exitCode !== null) break;
    await pause(100);
  }
  await node.stop();
  throw new Error(`a node did not start:\n${node.output()}`);
}

function open(url: string, token: string): Promise<Socket> {
  const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function inBatches<T>(count: number, batch: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let from = 0; from < count; from += batch) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - from) }, (_, i) => work(from + i)))));
  }
  return results;
}

async function soak(plan: Plan, log: (line: string) => void): Promise<SuiteReport> {
  const failures: string[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const database = await createThrowawayPostgres();
    cleanups.push(database.remove);
    const redisPort = await freePort();
    const redis = launch('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], repoRoot);
    cleanups.push(redis.stop);
    await pause(300);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const nodes: (Proc & { url: string })[] = [];
    for (let i = 0; i < 2; i++) {
      const node = await startNode(database.value, redisUrl);
      cleanups.push(node.stop);
      nodes.push(node);
    }
    log(`  soak: 2 nodes up (${nodes.map((node) => node.url).join(', ')}); connecting ${plan.visitors * 2} sockets`);

    const tokens = createTokenService(secret);
    const seats = await inBatches(plan.visitors, 50, async (i) => {
      const { token } = await tokens.issue({ sub: `soak-visitor-${i}`, role: 'user', name: `Soak ${i}` });
      const writer = await open(nodes[i % 2]!.url, token);
      const reader = await open(nodes[(i + 1) % 2]!.url, token);
      const envelope = (await writer.timeout(10_000).emitWithAck('chats:create', { room: 'soak', source: 'web', creator: `soak-visitor-${i}` })) as {
        ok: boolean;
        data: { chat: { id: string } };
      };
      if (!envelope.ok) throw new Error(`chats:create failed: ${JSON.stringify(envelope)}`);
      return { writer, reader, chatId: envelope.data.chat.id };
    });
    cleanups.push(async () => {
      for (const seat of seats) {
        seat.writer.close();
        seat.reader.close();
      }
    });

    const received = new Map<string, number>();
    for (const seat of seats) {
      seat.reader.on('message:received', ({ message }: { message: { clientId?: string } }) => {
        if (message.clientId) received.set(message.clientId, (received.get(message.clientId) ?? 0) + 1);
      });
    }

    const rss = (when: string) => nodes.map((node) => ({ when, bytes: rssBytes(node.child.pid!) ?? NaN }));
    const acked = new Set<string>();
    const latencies: number[] = [];
    let sent = 0;
    let refused = 0;
    const pending = new Set<Promise<void>>();
    const tickMs = 20;
    const send = () => {
      const seat = seats[sent % seats.length]!;
      const clientId = `soak-${sent++}`;
      const startedAt = performance.now();
      const work = (seat.writer.timeout(10_000).emitWithAck('messages:send', { chatId: seat.chatId, clientId, type: 'text', message: 'soak' }) as Promise<{ ok: boolean }>)
        .then(
          (envelope) => {
            if (envelope.ok) {
              acked.add(clientId);
              latencies.push(performance.now() - startedAt);
            } else refused++;
          },
          () => void refused++,
        )
        .finally(() => pending.delete(work));
      pending.add(work);
    };
    // Warm-up at the full rate, so the start figure is taken from a node already under load.
    const warmupSeconds = Math.min(10, Math.max(2, plan.seconds / 6));
    // Sends are due by the clock, not by loop turns: a turn that ran late (a busy machine) catches up.
    const run = async (seconds: number) => {
      const began = performance.now();
      let issued = 0;
      while (performance.now() - began < seconds * 1000) {
        const due = Math.floor(((performance.now() - began) / 1000) * plan.ratePerSecond);
        for (; issued < due; issued++) send();
        await pause(tickMs);
      }
    };
    await run(warmupSeconds);
    const start = rss('start');
    const sentBefore = sent;
    const began = performance.now();
    await run(plan.seconds);
    const elapsed = (performance.now() - began) / 1000;
    await Promise.all(pending);
    await pause(1_000);
    const end = rss('end');

    const lost = [...acked].filter((clientId) => !received.has(clientId)).length;
    const duplicated = [...received.values()].filter((count) => count > 1).length;
    const alive = nodes.filter((node) => node.child.exitCode === null && node.child.signalCode === null).length;
    if (lost > 0) failures.push(`soak: ${lost} acknowledged messages never reached the other tab`);
    if (duplicated > 0) failures.push(`soak: ${duplicated} messages delivered twice`);
    if (refused > 0) failures.push(`soak: ${refused} sends refused or unanswered`);
    if (alive < 2) failures.push(`soak: a node died:\n${nodes.map((node) => node.output()).join('\n')}`);
    const sorted = sortedCopy(latencies);
    const rate = (sent - sentBefore) / elapsed;
    const mib = (bytes: number) => fmt(bytes / 2 ** 20, 1);
    const rows = nodes.map((_, i) => {
      const growth = end[i]!.bytes - start[i]!.bytes;
      return [`node ${i + 1}`, mib(start[i]!.bytes), mib(end[i]!.bytes), mib(growth), fmt(growth / 2 ** 20 / (elapsed / 60), 1)];
    });
    const memory = table(['', 'RSS at start (MiB)', 'RSS at end (MiB)', 'growth (MiB)', 'growth per minute (MiB)'], rows);
    const summary =
      `${plan.visitors * 2} sockets (${plan.visitors} visitors × a tab on each node), ${fmt(rate)} msgs/s offered for ${fmt(elapsed)} s ` +
      `(after ${fmt(warmupSeconds)} s of warm-up): sent ${sent}, acked ${acked.size}, delivered to the other node's tab ${received.size}, ` +
      `lost ${lost}, duplicated ${duplicated}, refused ${refused}; ack p50 ${fmt(quantile(sorted, 0.5), 1)} ms, p99 ${fmt(quantile(sorted, 0.99), 1)} ms; nodes alive ${alive}/2`;
    return { text: `${summary}\n\n${memory}`, markdown: `${summary}.\n\n${memory}\n`, failures };
  } finally {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  }
}

export const soakSuite: Suite = {
  name: 'soak',
  title: 'Cluster soak: two nodes, PostgreSQL + Redis',
  checks: 'every acknowledged message reached the visitor’s tab on the other node exactly once; both nodes stayed up',
  run(options: SuiteOptions) {
    const plan: Plan = options.quick ? { visitors: 100, ratePerSecond: 100, seconds: 5 } : { visitors: 1_000, ratePerSecond: 500, seconds: 60 };
    return soak(plan, options.log);
  },
};
