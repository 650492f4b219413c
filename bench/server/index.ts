// Benchmark 1 (DESIGN.md "What users will judge"): messages delivered per second with validation and
// durable storage against a bare socket.io relay, and latency at 1,000 chats with 2,000 msgs/s offered.
// Every target is a server in its own process; the load generator is another process.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Child } from '../lib/child';
import { repoRoot, startChild } from '../lib/child';
import { fmt, fmtSpread, spread, table } from '../lib/stats';
import type { Suite, SuiteOptions, SuiteReport } from '../lib/suite';
import type { LoadIn, LoadOut, RunMode, RunResult, RunSpec, ServerIn, ServerOut, StormResult, TargetName } from './protocol';
import { optInTargets, targetLabels, targetNames } from './protocol';

interface Plan {
  sizes: number[];
  runs: number;
  warmUpMs: number;
  saturation: { durationMs: number; window: number };
  /** The fixed-rate run, at one size only. */
  rate: { chats: number; perSecond: number; durationMs: number };
  drainMs: number;
  /** Sockets opened at once in the reconnect storm (at the largest size, after the rate runs). */
  stormSockets: number;
}

const fullPlan: Plan = {
  sizes: [100, 1000],
  runs: 3,
  warmUpMs: 3000,
  saturation: { durationMs: 5000, window: 2 },
  // 5 s: a server that cannot keep up takes (backlog / its rate) to drain, and that is waited for.
  rate: { chats: 1000, perSecond: 2000, durationMs: 5000 },
  drainMs: 120_000,
  stormSockets: 5000,
};

const quickPlan: Plan = {
  sizes: [10],
  runs: 1,
  warmUpMs: 500,
  saturation: { durationMs: 2000, window: 2 },
  rate: { chats: 10, perSecond: 200, durationMs: 2000 },
  drainMs: 30_000,
  stormSockets: 200,
};

interface Series {
  target: TargetName;
  chats: number;
  mode: RunMode;
  /** What the mode was given: window for saturation, msgs/s for rate. */
  load: number;
  results: RunResult[];
  /** The warm-up: checked for lost and duplicated messages, left out of the tables. */
  warmUp?: boolean;
}

interface TargetOutcome {
  target: TargetName;
  series: Series[];
  /** Set-up facts per size: server start-up and chat setup times. */
  setup: { chats: number; startupMs: number; connectMs: number; chatsMs: number }[];
  /** The reconnect storm and the heap it added per (then idle) socket. */
  storm?: StormResult & { heapPerSocketBytes: number };
  error?: string;
}

function packageVersion(name: string, from = repoRoot): string {
  try {
    return (JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

export const versions = () => ({
  socketIo: packageVersion('socket.io'),
  socketIoClient: packageVersion('socket.io-client'),
  pglite: packageVersion('@electric-sql/pglite', join(repoRoot, 'packages', 'server')),
  pg: packageVersion('pg', join(repoRoot, 'packages', 'server')),
});

const here = join(repoRoot, 'bench', 'server');
const scripts: Record<TargetName, { file: string; args: (chats: number) => string[] }> = {
  relay: { file: join(here, 'relay.ts'), args: (chats) => [String(chats)] },
  pglite: { file: join(here, 'parleyServer.ts'), args: (chats) => ['pglite', String(chats)] },
  postgres: { file: join(here, 'parleyServer.ts'), args: (chats) => ['postgres', String(chats)] },
  // PGlite on the server's own thread instead of its worker thread (`pgliteWorker: false`).
  'pglite-main-thread': { file: join(here, 'parleyServer.ts'), args: (chats) => ['pglite-main-thread', String(chats)] },
};

interface Live {
  target: TargetName;
  outcome: TargetOutcome;
  server: Child<ServerIn, ServerOut>;
  load?: Child<LoadIn, LoadOut>;
  base: Pick<RunSpec, 'serverPid' | 'drainMs' | 'database'>;
}

/** Asks a server to clean up (close, drop its database or data directory), then makes sure it is gone. */
async function shutDown(live: Pick<Live, 'server' | 'load'>): Promise<void> {
  try {
    if (live.load) {
      live.load.send({ type: 'close' });
      await live.load.next('closed', 30_000);
    }
  } catch {
    // already gone
  }
  live.load?.kill();
  try {
    live.server.send({ type: 'stop' });
    await live.server.next('stopped', 60_000);
    await live.server.exited;
  } catch {
    // it is gone already, or stuck
  }
  live.server.kill();
}

/**
 * One chat count: every target's server and load generator are set up first and stay up, then the runs
 * go round the targets (run 1 of each, run 2 of each, …), so a change in the machine's background load
 * during the benchmark (it may be shared) falls on all targets alike rather than on the last one.
 */
async function runSize(chats: number, outcomes: readonly TargetOutcome[], plan: Plan, options: SuiteOptions): Promise<void> {
  const lives: Live[] = [];
  const fail = async (live: Live, error: unknown) => {
    live.outcome.error = `${targetLabels[live.target]}, ${chats} chats: ${error instanceof Error ? error.message : String(error)}`;
    options.log(`  FAILED: ${live.outcome.error}`);
    lives.splice(lives.indexOf(live), 1);
    await shutDown(live);
  };
  const measure = async (live: Live, spec: Omit<RunSpec, keyof Live['base']>): Promise<RunResult | undefined> => {
    try {
      const full: RunSpec = { ...live.base, ...spec };
      live.server.send({ type: 'probeStart' });
      live.load!.send({ type: 'run', ...full });
      const { result } = await live.load!.next('result', full.durationMs + full.drainMs + 120_000);
      live.server.send({ type: 'probeEnd' });
      result.loop = (await live.server.next('probe', 30_000)).probe;
      options.log(`    ${targetLabels[live.target].padEnd(20)} ${describeRun(result)}`);
      return result;
    } catch (error) {
      await fail(live, error);
      return undefined;
    }
  };

  try {
    for (const outcome of outcomes) {
      if (outcome.error) continue;
      const { target } = outcome;
      // One directory per server: node writes a profile per thread (tsx's loader has a thread too).
      // --expose-gc: the heap per idle socket is read after a full collection.
      const nodeArgs = ['--expose-gc', ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfileDir, `${target}-${chats}`)}`] : [])];
      const server = startChild<ServerIn, ServerOut>(scripts[target].file, scripts[target].args(chats), { nodeArgs, label: `${target} server` });
      const live: Live = { target, outcome, server, base: { serverPid: server.pid, drainMs: plan.drainMs } };
      lives.push(live);
      try {
        const ready = await server.next('ready', 300_000);
        if (ready.database !== undefined) live.base.database = ready.database;
        live.load = startChild<LoadIn, LoadOut>(join(here, 'loadgen.ts'), [], { label: `${target} load generator` });
        live.load.send({ type: 'setup', url: ready.url, seats: ready.seats });
        const { connectMs, chatsMs } = await live.load.next('setupDone', 900_000);
        outcome.setup.push({ chats, startupMs: ready.startupMs, connectMs, chatsMs });
        options.log(
          `  ${targetLabels[target]}, ${chats} chats: server up (users, tokens) in ${fmt(ready.startupMs)} ms, ` +
            `${fmt(chats * 2)} sockets connected in ${fmt(connectMs)} ms, chats created and joined in ${fmt(chatsMs)} ms`,
        );
      } catch (error) {
        await fail(live, error);
      }
    }

    const seriesOf = (live: Live, mode: RunMode, load: number, warmUp = false): Series => {
      let series = live.outcome.series.find((entry) => entry.chats === chats && entry.mode === mode && entry.warmUp === warmUp);
      if (!series) {
        series = { target: live.target, chats, mode, load, results: [], warmUp };
        live.outcome.series.push(series);
      }
      return series;
    };
    const window = plan.saturation.window;
    for (const live of [...lives]) {
      const result = await measure(live, { id: 'warmup', mode: 'saturation', window, durationMs: plan.warmUpMs });
      if (result) seriesOf(live, 'saturation', window, true).results.push(result);
    }
    // --rate-only: the warm-up above, then straight to the fixed-rate runs.
    const saturationRuns = options.rateOnly ? 0 : plan.runs;
    for (let run = 1; run <= saturationRuns; run++) {
      for (const live of [...lives]) {
        const result = await measure(live, { id: `sat${run}`, mode: 'saturation', window, durationMs: plan.saturation.durationMs });
        if (result) seriesOf(live, 'saturation', window).results.push(result);
      }
    }
    if (chats === plan.rate.chats) {
      for (let run = 1; run <= plan.runs; run++) {
        for (const live of [...lives]) {
          const result = await measure(live, { id: `rate${run}`, mode: 'rate', rate: plan.rate.perSecond, durationMs: plan.rate.durationMs });
          if (result) seriesOf(live, 'rate', plan.rate.perSecond).results.push(result);
        }
      }
      for (const live of options.rateOnly ? [] : [...lives]) {
        try {
          live.outcome.storm = await reconnectStorm(live, plan.stormSockets);
          const { storm } = live.outcome;
          options.log(
            `    ${targetLabels[live.target].padEnd(20)} storm   ${fmt(storm.connected)} of ${fmt(storm.sockets)} sockets connected, the last after ` +
              `${fmt(storm.lastConnectedMs)} ms, ${storm.failed} failed${storm.errors.length > 0 ? ` (${storm.errors.join('; ')})` : ''}, ` +
              `server CPU ${fmt(storm.cpuSeconds * 1000)} ms; heap per idle socket ${fmt(storm.heapPerSocketBytes / 1024, 1)} KiB`,
          );
        } catch (error) {
          await fail(live, error);
        }
      }
    }
  } finally {
    for (const live of lives.splice(0)) await shutDown(live);
  }
}

/**
 * Every socket at once (a node died and its clients all came over), then — the sockets idle — the
 * server's heap after a full GC against before: the heap an idle socket costs.
 */
async function reconnectStorm(live: Live, sockets: number): Promise<StormResult & { heapPerSocketBytes: number }> {
  live.server.send({ type: 'heap' });
  const before = await live.server.next('heap', 60_000);
  live.load!.send({ type: 'storm', sockets, serverPid: live.server.pid, ...(live.base.database !== undefined && { database: live.base.database }) });
  const { storm } = await live.load!.next('stormDone', 600_000);
  // Let what a connection starts (presence, pending invitations) finish before weighing.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  live.server.send({ type: 'heap' });
  const after = await live.server.next('heap', 60_000);
  live.load!.send({ type: 'stormEnd' });
  await live.load!.next('stormEnded', 120_000);
  return { ...storm, heapPerSocketBytes: (after.bytes - before.bytes) / Math.max(1, storm.connected) };
}

/** Server CPU (its process plus its PostgreSQL backends) per message delivered, µs. */
function cpuMicrosPerMessage(result: RunResult): number {
  return (((result.serverCpuPercent + (result.databaseCpuPercent ?? 0)) / 100) * 1e6) / result.deliveredPerSecond;
}

function describeRun(result: RunResult): string {
  const mode = result.mode === 'rate' ? 'rate' : 'saturation';
  return (
    `${result.id.padEnd(7)} ${mode.padEnd(10)} sent ${fmt(result.sent)} delivered ${fmt(result.delivered)} ` +
    `(${fmt(result.deliveredPerSecond)}/s) lost ${result.lost} dup ${result.duplicated} refused ${result.refused} ` +
    `p50 ${fmt(result.latency.p50, 2)} p99 ${fmt(result.latency.p99, 2)} ms, server CPU ${fmt(result.serverCpuPercent)}%` +
    (result.databaseCpuPercent !== undefined ? ` + db ${fmt(result.databaseCpuPercent)}%` : '') +
    ` (${fmt(cpuMicrosPerMessage(result))} µs/msg)` +
    `, loadgen CPU ${fmt(result.loadgenCpuPercent)}%, other ${fmt(result.otherCpuPercent)}%, RSS ${fmt(result.serverRssMb)} MB` +
    `; waited for a core: server thread ${fmt(result.serverRunQueuePercent, 1)}%` +
    (result.databaseRunQueuePercent !== undefined ? `, db ${fmt(result.databaseRunQueuePercent, 1)}%` : '') +
    `, loadgen ${fmt(result.loadgenRunQueuePercent, 1)}%` +
    (result.loop
      ? `; server loop delay p99 ${fmt(result.loop.loopDelayP99Ms, 1)} max ${fmt(result.loop.loopDelayMaxMs, 1)} ms, ` +
        `GC ${result.loop.gcPauses} pauses ${fmt(result.loop.gcPauseTotalMs)} ms (longest ${fmt(result.loop.gcPauseMaxMs, 1)})` +
        (result.loop.allocatedBytes !== undefined && result.delivered > 0
          ? `, heap allocated ${fmt(result.loop.allocatedBytes / result.delivered / 1024, 1)} KB/msg`
          : '')
      : '') +
    (result.drainMs > 1000 ? `, backlog drained in ${fmt(result.drainMs / 1000, 1)} s` : '') +
    (result.sendLagMaxMs > 50 ? `, generator up to ${fmt(result.sendLagMaxMs)} ms behind schedule` : '')
  );
}

const measured = (series: readonly Series[]) => series.filter((entry) => !entry.warmUp);

function modeLabel(series: Series, plan: Plan): string {
  return series.mode === 'saturation' ? `saturation, window ${series.load}/chat, ${plan.saturation.durationMs / 1000} s` : `fixed ${fmt(series.load)} msgs/s, ${plan.rate.durationMs / 1000} s`;
}

function targetTable(outcome: TargetOutcome, plan: Plan): string {
  const rows = measured(outcome.series).map((series) => {
    const pick = (get: (result: RunResult) => number, digits = 0) => fmtSpread(spread(series.results.map(get)), digits);
    const sum = (get: (result: RunResult) => number) => String(series.results.reduce((total, result) => total + get(result), 0));
    return [
      String(series.chats),
      modeLabel(series, plan),
      String(series.results.length),
      pick((result) => result.deliveredPerSecond),
      pick((result) => result.latency.p50, 2),
      pick((result) => result.latency.p99, 2),
      pick((result) => result.latency.p999, 2),
      `${sum((result) => result.lost)} / ${sum((result) => result.duplicated)}`,
      pick((result) => result.serverCpuPercent),
      series.results[0]?.databaseCpuPercent !== undefined ? pick((result) => result.databaseCpuPercent ?? NaN) : '–',
      pick((result) => result.loadgenCpuPercent),
      pick((result) => result.otherCpuPercent),
      `${pick((result) => result.serverRunQueuePercent, 1)} / ${series.results[0]?.databaseRunQueuePercent !== undefined ? pick((result) => result.databaseRunQueuePercent ?? NaN, 1) : '–'}`,
      `${pick((result) => result.loop?.loopDelayMaxMs ?? NaN)} / ${pick((result) => result.loop?.gcPauseMaxMs ?? NaN)}`,
      pick((result) => result.serverRssMb),
      pick(cpuMicrosPerMessage),
    ];
  });
  return table(
    ['chats', 'mode', 'runs', 'delivered/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'lost / dup', 'server CPU %', 'DB CPU %', 'loadgen CPU %', 'other CPU %', 'waited for a core % (server thread / DB)', 'server loop delay max / longest GC ms', 'server RSS MB', 'CPU µs/msg'],
    rows,
  );
}

function findSeries(outcomes: readonly TargetOutcome[], target: TargetName, chats: number, mode: RunMode): Series | undefined {
  return measured(outcomes.find((outcome) => outcome.target === target)?.series ?? []).find((series) => series.chats === chats && series.mode === mode);
}

function median(series: Series | undefined, get: (result: RunResult) => number): number {
  return series ? spread(series.results.map(get)).median : NaN;
}

function ratioTable(outcomes: readonly TargetOutcome[], plan: Plan): string {
  const parleys = (['pglite', 'pglite-main-thread', 'postgres'] as const).filter((target) => outcomes.some((outcome) => outcome.target === target));
  const header = ['measure (median of runs)', 'chats', targetLabels.relay, ...parleys.flatMap((target) => [targetLabels[target], `${target} / relay`]), 'goal'];
  const rows: string[][] = [];
  for (const chats of plan.sizes) {
    const relay = median(findSeries(outcomes, 'relay', chats, 'saturation'), (result) => result.deliveredPerSecond);
    rows.push([
      'delivered/s at saturation',
      String(chats),
      fmt(relay),
      ...parleys.flatMap((target) => {
        const value = median(findSeries(outcomes, target, chats, 'saturation'), (result) => result.deliveredPerSecond);
        return [fmt(value), `${fmt(value / relay, 2)}×`];
      }),
      'PG ≥ 0.7×, PGlite ≥ 0.3×',
    ]);
    const relayCpu = median(findSeries(outcomes, 'relay', chats, 'saturation'), cpuMicrosPerMessage);
    rows.push([
      'CPU µs per delivered message at saturation (server + DB)',
      String(chats),
      fmt(relayCpu, 1),
      ...parleys.flatMap((target) => {
        const value = median(findSeries(outcomes, target, chats, 'saturation'), cpuMicrosPerMessage);
        return [fmt(value, 1), `${fmt(value / relayCpu, 2)}×`];
      }),
      'PG ≤ 1.5×, PGlite ≤ 2.5×',
    ]);
  }
  const rateChats = plan.rate.chats;
  for (const [label, get, goal] of [
    ['p50 latency ms', (result: RunResult) => result.latency.p50, ''],
    ['p99 latency ms', (result: RunResult) => result.latency.p99, 'p99 ≤ 10 ms'],
    ['p99.9 latency ms', (result: RunResult) => result.latency.p999, ''],
    ['delivered/s', (result: RunResult) => result.deliveredPerSecond, `= offered`],
    ['CPU µs per delivered message', cpuMicrosPerMessage, 'PG ≤ 1.5×, PGlite ≤ 2.5×'],
  ] as const) {
    const relay = median(findSeries(outcomes, 'relay', rateChats, 'rate'), get);
    const digits = label.includes('latency') ? 2 : label.includes('CPU') ? 1 : 0;
    rows.push([
      `${label} at ${fmt(plan.rate.perSecond)} msgs/s offered`,
      String(rateChats),
      fmt(relay, digits),
      ...parleys.flatMap((target) => {
        const value = median(findSeries(outcomes, target, rateChats, 'rate'), get);
        return [fmt(value, digits), `${fmt(value / relay, 2)}×`];
      }),
      goal,
    ]);
  }
  const storms = outcomes.map((outcome) => outcome.storm);
  const relayStorm = outcomes.find((outcome) => outcome.target === 'relay')?.storm;
  const stormCell = (target: TargetName, get: (storm: NonNullable<TargetOutcome['storm']>) => number, digits = 0) => {
    const storm = outcomes.find((outcome) => outcome.target === target)?.storm;
    const value = storm ? get(storm) : NaN;
    const base = relayStorm ? get(relayStorm) : NaN;
    return [fmt(value, digits), `${fmt(value / base, 2)}×`];
  };
  if (storms.some((storm) => storm !== undefined)) {
    rows.push([
      `reconnect storm: ${fmt(plan.stormSockets)} sockets at once, ms to the last connected`,
      String(rateChats),
      fmt(relayStorm?.lastConnectedMs ?? NaN),
      ...parleys.flatMap((target) => stormCell(target, (storm) => storm.lastConnectedMs)),
      '≤ 2×, no failed handshake',
    ]);
    rows.push([
      'reconnect storm: failed handshakes',
      String(rateChats),
      String(relayStorm?.failed ?? '–'),
      ...parleys.flatMap((target) => [String(outcomes.find((outcome) => outcome.target === target)?.storm?.failed ?? '–'), '']),
      '0',
    ]);
    rows.push([
      'heap per idle socket, KiB',
      String(rateChats),
      fmt((relayStorm?.heapPerSocketBytes ?? NaN) / 1024, 1),
      ...parleys.flatMap((target) => stormCell(target, (storm) => storm.heapPerSocketBytes / 1024, 1)),
      '≤ 1.2×',
    ]);
  }
  return table(header, rows);
}

async function run(options: SuiteOptions): Promise<SuiteReport> {
  const plan: Plan = { ...(options.quick ? quickPlan : fullPlan) };
  if (options.runs !== undefined) plan.runs = options.runs;
  if (options.sizes !== undefined) {
    plan.sizes = options.sizes;
    // The fixed-rate run goes with the largest size, at the planned rate per chat.
    const chats = Math.max(...options.sizes);
    plan.rate = { ...plan.rate, chats, perSecond: Math.round((plan.rate.perSecond / plan.rate.chats) * chats) };
  }
  // Rate only: the one size the fixed-rate phase runs at (the largest asked for, else the plan's).
  if (options.rateOnly) plan.sizes = [options.sizes ? Math.max(...options.sizes) : plan.rate.chats];
  const targets = targetNames.filter((target) => (options.targets ? options.targets.includes(target) : !optInTargets.includes(target)));
  const outcomes: TargetOutcome[] = targets.map((target) => ({ target, series: [], setup: [] }));
  for (const chats of plan.sizes) {
    options.log(`${fmt(chats)} chats:`);
    await runSize(chats, outcomes, plan, options);
  }

  const failures: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.error) failures.push(outcome.error);
    for (const series of outcome.series) {
      for (const result of series.results) {
        const where = `${targetLabels[outcome.target]}, ${series.chats} chats, ${result.mode} run ${result.id}`;
        if (result.lost > 0) failures.push(`${where}: ${result.lost} of ${result.sent} messages lost (never reached the other side within ${plan.drainMs / 1000} s)`);
        if (result.duplicated > 0) failures.push(`${where}: ${result.duplicated} messages delivered twice`);
        if (result.refused > 0) failures.push(`${where}: ${result.refused} sends refused (${result.refusals.join('; ')})`);
      }
    }
    const { storm } = outcome;
    if (storm && storm.failed > 0) failures.push(`${targetLabels[outcome.target]}: ${storm.failed} of ${storm.sockets} handshakes failed in the reconnect storm (${storm.errors.join('; ')})`);
  }

  const sections: string[] = [];
  for (const outcome of outcomes) {
    sections.push(`### ${targetLabels[outcome.target]}\n\n${targetTable(outcome, plan)}`);
  }
  sections.push(`### Parley / relay\n\n${ratioTable(outcomes, plan)}`);
  const setupRows = outcomes.flatMap((outcome) =>
    outcome.setup.map((setup) => [targetLabels[outcome.target], String(setup.chats), fmt(setup.startupMs), fmt(setup.connectMs), fmt(setup.chatsMs)]),
  );
  sections.push(
    `### Set-up (not measured above)\n\n${table(['target', 'chats', 'server start + users/tokens ms', '2 sockets per chat connect ms', 'chats:create + chats:join ms'], setupRows)}`,
  );
  const body = sections.join('\n\n');
  const method =
    `Each target is a server in its own process (Parley: \`startParleyServer\` on PGlite in a temporary directory, or on a ` +
    `throwaway PostgreSQL database; relay: bench/server/relay.ts, socket.io ${packageVersion('socket.io')}, no validation or storage); ` +
    `the load generator is another process with one visitor and one agent socket per chat (websocket only). ` +
    `Latency: \`messages:send\` emitted → the other side's \`message:received\`, timed in the generator. ` +
    `Saturation: each chat keeps ${plan.saturation.window} messages in flight (closed loop). Fixed rate: open loop, ` +
    `${fmt(plan.rate.perSecond)} msgs/s over ${fmt(plan.rate.chats)} chats, both directions. ` +
    `A ${plan.warmUpMs / 1000} s warm-up per server, then ${plan.runs} measured run(s): median (min–max). ` +
    `lost / dup are totals over the runs, counted after a drain of up to ${plan.drainMs / 1000} s. ` +
    `CPU is % of one core over the send phase (DB CPU: PostgreSQL backends of the database; PGlite runs inside the server process); ` +
    `other CPU is what the rest of the machine used meanwhile (${availableParallelism()} cores = ${availableParallelism() * 100} %; the machine may be shared, which slows every target); ` +
    `Waited for a core: time the server's main thread (and, summed, the database's PostgreSQL backends) was runnable ` +
    `but not running (Linux schedstat), % of the send phase — what other work on the machine took from it. ` +
    `Server loop delay (monitorEventLoopDelay, 1 ms resolution) and GC pauses (longest) are the server's own, over the run and its drain. ` +
    `RSS is the server process's peak. CPU µs/msg: server process + PostgreSQL backends, per message delivered (the figure ` +
    `a busy shared machine disturbs least). Reconnect storm (after the rate runs, at ${fmt(plan.rate.chats)} chats): ` +
    `${fmt(plan.stormSockets)} more sockets opened at once with the chats' tokens, time until the last is connected; ` +
    `heap per idle socket: the server's heap after a full GC with them connected, minus before, per socket.`;
  return { text: body, markdown: `${method}\n\n${body}`, failures };
}

export const serverSuite: Suite = {
  name: 'server',
  title: 'Server: delivered messages per second and latency (Parley vs a bare socket.io relay)',
  checks: 'no message lost, duplicated or refused; every process answered',
  run,
};
