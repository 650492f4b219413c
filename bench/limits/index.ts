// `pnpm bench limits`: what a flood from one address does to a well-behaved chat (issue 13). One
// `parley-server` process (the CLI, PGlite, the default abuse limits, `--demo` for a real agent to
// guess the password of); a flood process (bench/limits/flood.ts); and here, one visitor sending a
// message every 25 ms to a chat an agent has joined, timing each ack. The phases — quiet, a flood of a
// 404 route (bare HTTP, for scale), 16 login floods, everything at once — are interleaved in rounds,
// so the machine's own ups and downs (it may be shared) fall on every phase alike; each phase's
// latencies are pooled over the rounds. Server CPU, its event-loop delay and the password checks it ran
// are read per phase, to say where the time goes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTokenService } from '@parley/server';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { repoRoot, startChild } from '../lib/child';
import { cpuSeconds } from '../lib/proc';
import { fmt, quantile, sortedCopy, spread, fmtSpread, table } from '../lib/stats';
import type { Suite, SuiteOptions, SuiteReport } from '../lib/suite';
import type { FloodCounts, FloodIn, FloodKind, FloodOut } from './protocol';

const secret = 'limits-bench-secret-limits-bench-secret';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const phases: FloodKind[] = ['quiet', 'bare', 'logins', 'all'];
const phaseTitle: Record<FloodKind, string> = {
  quiet: 'nothing',
  bare: '16 floods of a 404 route (bare HTTP, for scale)',
  logins: '16 login floods (wrong passwords for agent1)',
  all: '16 login floods + 4 signup floods + a socket spamming events',
};

interface Plan {
  rounds: number;
  sendsPerPhase: number;
}

interface PhaseSample {
  latencies: number[];
  serverCpuSeconds: number;
  seconds: number;
  loopDelayP99Ms: number;
  passwordChecks: number;
  counts?: FloodCounts;
}

function startServer(dataDir: string): { child: ChildProcess; url: Promise<string>; stop(): Promise<void> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=parley-source', 'src/cli.ts', '--port', '0', '--data-dir', dataDir, '--secret', secret, '--demo'],
    { cwd: join(repoRoot, 'packages', 'server'), env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = (async () => {
    for (let waited = 0; waited < 120_000; waited += 100) {
      const match = /Parley server: (http:\/\/\S+)/.exec(output);
      if (match) return match[1]!;
      if (child.exitCode !== null) break;
      await pause(100);
    }
    throw new Error(`the server did not start:\n${output}`);
  })();
  return {
    child,
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function open(url: string, token: string): Promise<Socket> {
  const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function ack<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const envelope = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
  if (!envelope.ok) throw new Error(`${event}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.data;
}

/** Metrics read per phase: prom-client resets its event-loop delay histogram at every scrape. */
async function scrape(url: string): Promise<{ loopDelayP99Ms: number; passwordChecks: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { loopDelayP99Ms: value('parley_process_nodejs_eventloop_lag_p99_seconds') * 1000, passwordChecks: value('parley_password_checks_total') };
}

async function limitsBench(plan: Plan, log: (line: string) => void): Promise<SuiteReport> {
  const failures: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-limits-'));
  const server = startServer(dataDir);
  const flood = startChild<FloodIn, FloodOut>('bench/limits/flood.ts', [], { label: 'flood' });
  const sockets: Socket[] = [];
  try {
    const url = await server.url;
    await flood.next('ready');
    const tokens = createTokenService(secret);
    const visitorToken = (await tokens.issue({ sub: 'bench-visitor', role: 'user', name: 'Vera' })).token;
    const agentToken = (await tokens.issue({ sub: 'agent2', role: 'agent', name: 'Agent 2' })).token;
    const spamToken = (await tokens.issue({ sub: 'bench-spammer', role: 'user', name: 'Spam' })).token;
    const visitor = await open(url, visitorToken);
    const agent = await open(url, agentToken);
    sockets.push(visitor, agent);
    const { chat } = await ack<{ chat: { id: string } }>(visitor, 'chats:create', { room: 'support', source: 'web', creator: 'bench-visitor' });
    await ack(agent, 'chats:join', { chatId: chat.id, userId: 'agent2' });

    let sent = 0;
    // A person's pace, well within the per-socket limit: one message every 25 ms.
    const measure = async (count: number): Promise<number[]> => {
      const times: number[] = [];
      for (let index = 0; index < count; index++) {
        const started = performance.now();
        await ack(visitor, 'messages:send', { chatId: chat.id, clientId: `m-${sent++}`, type: 'text', message: 'hello' });
        const took = performance.now() - started;
        times.push(took);
        await pause(Math.max(0, 25 - took));
      }
      return times;
    };
    await measure(40);

    const samples: Record<FloodKind, PhaseSample[]> = { quiet: [], bare: [], logins: [], all: [] };
    for (let round = 1; round <= plan.rounds; round++) {
      for (const kind of phases) {
        if (kind !== 'quiet') {
          flood.send({ type: 'start', kind, url, loops: 16, spamToken });
          await flood.next('started');
          // Let the flood reach its pace before timing.
          await pause(300);
        }
        const before = await scrape(url);
        const cpuBefore = cpuSeconds(server.child.pid!) ?? NaN;
        const started = performance.now();
        const latencies = await measure(plan.sendsPerPhase);
        const seconds = (performance.now() - started) / 1000;
        const serverCpuSeconds = (cpuSeconds(server.child.pid!) ?? NaN) - cpuBefore;
        const after = await scrape(url);
        let counts: FloodCounts | undefined;
        if (kind !== 'quiet') {
          flood.send({ type: 'stop' });
          const { type: _type, ...rest } = await flood.next('counts');
          counts = rest;
        }
        samples[kind].push({
          latencies,
          serverCpuSeconds,
          seconds,
          loopDelayP99Ms: after.loopDelayP99Ms,
          passwordChecks: after.passwordChecks - before.passwordChecks,
          ...(counts && { counts }),
        });
        const sorted = sortedCopy(latencies);
        log(
          `  round ${round} ${kind.padEnd(6)} p50 ${fmt(quantile(sorted, 0.5), 1)} ms, p99 ${fmt(quantile(sorted, 0.99), 1)} ms; ` +
            `server CPU ${fmt((serverCpuSeconds / seconds) * 100)} %, loop delay p99 ${fmt(after.loopDelayP99Ms, 1)} ms, ` +
            `password checks ${after.passwordChecks - before.passwordChecks}${counts ? `; ${fmt(counts.requests)} requests (${fmt(counts.refused)} refused 429)` : ''}`,
        );
      }
    }

    const { chat: after } = await ack<{ chat: { lastSeq: number } }>(visitor, 'chats:get', { chatId: chat.id });
    if (after.lastSeq !== sent) failures.push(`the measured chat holds ${after.lastSeq} messages, ${sent} were acknowledged`);

    const pooled = (kind: FloodKind) => sortedCopy(samples[kind].flatMap((sample) => sample.latencies));
    const p99 = (kind: FloodKind) => quantile(pooled(kind), 0.99);
    const rows = phases.map((kind) => {
      const all = pooled(kind);
      const perRound = spread(samples[kind].map((sample) => quantile(sortedCopy(sample.latencies), 0.99)));
      const cpu = spread(samples[kind].map((sample) => (sample.serverCpuSeconds / sample.seconds) * 100));
      const loop = spread(samples[kind].map((sample) => sample.loopDelayP99Ms));
      const checks = samples[kind].reduce((sum, sample) => sum + sample.passwordChecks, 0);
      const requests = samples[kind].reduce((sum, sample) => sum + (sample.counts?.requests ?? 0), 0);
      const seconds = samples[kind].reduce((sum, sample) => sum + sample.seconds, 0);
      const refused = samples[kind].reduce((sum, sample) => sum + (sample.counts?.refused ?? 0), 0);
      return [
        phaseTitle[kind],
        fmt(all.length),
        fmt(quantile(all, 0.5), 1),
        fmt(quantile(all, 0.99), 1),
        kind === 'quiet' ? '' : `×${fmt(p99(kind) / p99('quiet'), 1)}`,
        kind === 'quiet' || kind === 'bare' ? '' : `×${fmt(p99(kind) / p99('bare'), 1)}`,
        fmtSpread(perRound, 1),
        fmtSpread(cpu),
        fmtSpread(loop, 1),
        fmt(checks),
        kind === 'quiet' ? '' : `${fmt(requests / seconds)}/s (${fmt((refused / Math.max(1, requests)) * 100)} % 429)`,
      ];
    });
    const header = [
      'during',
      'sends',
      'p50 ms',
      'p99 ms',
      'p99 / quiet',
      'p99 / bare HTTP',
      'p99 per round, ms',
      'server CPU %',
      'loop delay p99 ms',
      'password checks',
      'flood requests',
    ];
    const text = table(header, rows);
    const markdown =
      `One \`parley-server\` (PGlite, default limits, \`--demo\`), a flood process and a visitor sending a message every 25 ms to a chat an agent joined; ` +
      `${plan.rounds} round(s) of the four phases interleaved, ${plan.sendsPerPhase} sends per phase per round, latencies pooled per phase. ` +
      `Server CPU is % of one core; loop delay is the server's event-loop delay (prom-client); password checks are the scrypt runs the throttle let through.\n\n${text}\n`;
    return { text, markdown, failures };
  } finally {
    for (const socket of sockets) socket.close();
    flood.send({ type: 'exit' });
    flood.kill();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const limitsSuite: Suite = {
  name: 'limits',
  title: 'Abuse limits: a well-behaved chat during floods from one address',
  checks: 'every acknowledged message of the measured chat is stored',
  run(options: SuiteOptions) {
    const plan: Plan = options.quick ? { rounds: 1, sendsPerPhase: 40 } : { rounds: options.runs ?? 3, sendsPerPhase: 200 };
    return limitsBench(plan, options.log);
  },
};
