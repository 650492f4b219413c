// Benchmark 2 (DESIGN.md "What users will judge"): the client store's cost per incoming message event,
// which should stay flat from 1k to 100k messages held, and the memory each held message takes.
// The work runs in a child process started with --expose-gc, so heap figures come after full GCs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startChild } from '../lib/child';
import { fmt, fmtSpread, spread, table } from '../lib/stats';
import type { Suite, SuiteOptions, SuiteReport } from '../lib/suite';
import type { StoreIn, StoreOut, StorePass, StorePlan } from './protocol';

const fullPlan: StorePlan = { sizes: [1_000, 10_000, 100_000], runs: 5, chunk: 1_000, eventsPerRun: 100_000 };
const quickPlan: StorePlan = { sizes: [100, 1_000], runs: 1, chunk: 100, eventsPerRun: 10_000 };

function zustandVersion(): string {
  try {
    const file = join(repoRoot, 'packages', 'core', 'node_modules', 'zustand', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function describePass(pass: StorePass): string {
  const memory = Number.isFinite(pass.bytesPerMessage) ? `${fmt(pass.bytesPerMessage)} B/message held` : 'heap not measured (no global.gc)';
  return (
    `${pass.run === 0 ? 'warm-up' : `run ${pass.run}  `} ${fmt(pass.size).padStart(7)} messages × ${pass.repeats}: mean ${fmt(pass.meanNs)} ns/event (CPU ${fmt(pass.cpuNs)}, GC pauses ${fmt(pass.gcNs)}), ` +
    `median ${fmt(pass.chunk)}-event chunk ${fmt(pass.chunkMedianNs)} ns/event, last chunk ${fmt(pass.lastChunkNs)} ns/event, ${memory}; ` +
    `held ${fmt(pass.held)}, notified ${fmt(pass.notified)}, copies ${fmt(pass.copies)}`
  );
}

async function run(options: SuiteOptions): Promise<SuiteReport> {
  const plan: StorePlan = { ...(options.quick ? quickPlan : fullPlan) };
  if (options.runs !== undefined) plan.runs = options.runs;
  if (options.messages !== undefined) plan.sizes = [...options.messages].sort((a, b) => a - b);
  const failures: string[] = [];
  const passes: StorePass[] = [];
  let gcExposed = false;

  const child = startChild<StoreIn, StoreOut>(join(repoRoot, 'bench', 'store', 'run.ts'), [], { nodeArgs: ['--expose-gc'], label: 'store benchmark' });
  try {
    child.send({ type: 'run', plan });
    for (let index = 0; index < plan.sizes.length * (plan.runs + 1); index++) {
      const { pass } = await child.next('pass', 300_000);
      options.log(`  ${describePass(pass)}`);
      passes.push(pass);
      const where = `${fmt(pass.size)} messages, ${pass.run === 0 ? 'warm-up' : `run ${pass.run}`}`;
      if (pass.held !== pass.size || pass.lastSeq !== pass.size) failures.push(`${where}: the store held ${pass.held} messages up to seq ${pass.lastSeq}, not ${pass.size}`);
      if (pass.copies > 0) failures.push(`${where}: the store held ${pass.copies} messages as copies, not the objects the transport delivered`);
      if (pass.notified !== pass.size) failures.push(`${where}: the messages subscriber was notified ${pass.notified} times for ${pass.size} events`);
    }
    gcExposed = (await child.next('done', 60_000)).gcExposed;
    await child.exited;
  } catch (error) {
    failures.push(`store benchmark: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    child.kill();
  }

  const measured = passes.filter((pass) => pass.run > 0);
  const at = (size: number) => measured.filter((pass) => pass.size === size);
  const measures: { label: string; get: (pass: StorePass) => number; goal: string }[] = [
    { label: 'ns per event, mean (GC included)', get: (pass) => pass.meanNs, goal: '≤ 1.05×' },
    { label: 'CPU ns per event, mean (GC included)', get: (pass) => pass.cpuNs, goal: '≤ 1.05×' },
    { label: 'ns per event, mean without GC pauses', get: (pass) => pass.withoutGcNs, goal: '≤ 1.05×' },
    { label: 'GC pause ns per event', get: (pass) => pass.gcNs, goal: '' },
    { label: `ns per event, median ${fmt(plan.chunk)}-event chunk`, get: (pass) => pass.chunkMedianNs, goal: '≤ 1.05×' },
    { label: `ns per event, last ${fmt(plan.chunk)} (N − ${fmt(plan.chunk)} held)`, get: (pass) => pass.lastChunkNs, goal: '≤ 1.05×' },
    ...(gcExposed ? [{ label: 'heap bytes per message held', get: (pass: StorePass) => pass.bytesPerMessage, goal: '' }] : []),
  ];
  const sizesTable = table(
    ['messages held (N)', 'fills per run', 'runs', ...measures.map((measure) => measure.label)],
    plan.sizes.map((size) => {
      const mine = at(size);
      return [fmt(size), fmt(mine[0]?.repeats ?? NaN), String(mine.length), ...measures.map((measure) => fmtSpread(spread(mine.map(measure.get))))];
    }),
  );
  const smallest = plan.sizes[0]!;
  const largest = plan.sizes[plan.sizes.length - 1]!;
  const median = (size: number, get: (pass: StorePass) => number) => spread(at(size).map(get)).median;
  const ratioTable = table(
    ['measure (median of runs)', `N = ${fmt(smallest)}`, `N = ${fmt(largest)}`, `${fmt(largest)} / ${fmt(smallest)}`, 'goal'],
    measures.map(({ label, get, goal }) => [label, fmt(median(smallest, get)), fmt(median(largest, get)), `${fmt(median(largest, get) / median(smallest, get), 2)}×`, goal]),
  );

  const body = `${sizesTable}\n\n${ratioTable}`;
  const method =
    `A child process (\`node --expose-gc\`, tsx) builds a real client — \`createClient\` over a push-only \`Transport\` ` +
    `(bench/lib/pushTransport.ts, what socket.io hands the client after parsing a frame) — and the client's own store, ` +
    `follows one chat (its backfill answers an empty page) and subscribes to \`selectMessages\` as a mounted \`useMessages\` would. ` +
    `It then pushes \`message:received\` events seq 1…N into that one chat (bench/lib/messages.ts: 36-character ids, texts of ` +
    `10–160 characters, two senders in runs, each message parsed from JSON as socket.io does); each event goes transport → sequencer → emitter → store → subscriber. ` +
    `Time: each chunk's events are built just before its clock starts (the store meets each message fresh, as one the transport has just parsed), and each size is filled on fresh stores until ${fmt(plan.eventsPerRun)} events per run ` +
    `(${plan.sizes.map((size) => `${fmt(size)} × ${fmt(Math.max(1, Math.ceil(plan.eventsPerRun / size)))}`).join(', ')}), so every size is timed over the same work. ` +
    `"mean" is the wall time of all events divided by their number (garbage collection included), "CPU" the process's CPU time (user + system, ` +
    `every thread) over the same events — what the scheduler gave other processes on a shared machine is not in it; "without GC pauses" subtracts the ` +
    `collector's pauses on the benchmark's thread (Node's \`gc\` performance entries) from the wall time, and "GC pause" is those pauses alone; the events are also timed in chunks of ` +
    `${fmt(plan.chunk)}: "median chunk" is the median chunk's time per event (robust to a scheduling hiccup on a shared machine), ` +
    `"last" the final chunk of each fill, when the store already holds N − ${fmt(plan.chunk)}. ` +
    `Memory: as many fresh stores as fills, held at once and fed messages built one at a time; heap used after two full GCs, after minus before, ` +
    `divided by the messages held (the message objects and their strings included). One warm-up pass per size, then ${plan.runs} measured run(s) going round the ` +
    `sizes: median (min–max). zustand ${zustandVersion()}.` +
    (gcExposed ? '' : ' global.gc was not available, so heap figures are missing.');
  return { text: body, markdown: `${method}\n\n${body}`, failures };
}

export const storeSuite: Suite = {
  name: 'store',
  title: 'Client store: cost per message event, 1k to 100k messages held',
  checks: 'every pass held all N messages in seq order, each the very object the transport delivered (no copy), and notified the subscriber once per event',
  run,
};
