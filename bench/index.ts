// `pnpm bench [name…] [--quick] [--runs N] [--targets a,b] [--no-write] [--cpu-prof DIR] [--alloc-prof DIR]`
// Runs every benchmark (or the named ones), prints their tables, and refreshes their sections of
// BENCHMARKS.md (full runs only). Exits non-zero when a harness check failed — e.g. a message lost
// or duplicated — so `pnpm bench --quick` works as a CI smoke test. Timings are reported, never asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/child';
import type { Suite } from './lib/suite';
import { limitsSuite } from './limits/index';
import { renderSuite } from './render/index';
import { searchSuite } from './search/index';
import { serverSuite, versions } from './server/index';
import { soakSuite } from './soak/index';
import { storeSuite } from './store/index';
import { widgetSuite } from './widget/index';

/** Every benchmark, in the order `pnpm bench` runs them. */
const suites: Suite[] = [serverSuite, storeSuite, renderSuite, widgetSuite, soakSuite, limitsSuite, searchSuite];

const usage = `Usage: pnpm bench [${suites.map((suite) => suite.name).join('|')} …] [options]

  --quick          tiny sizes, one run: a smoke test of the harness (seconds); BENCHMARKS.md is left alone
  --runs <n>       measured runs per configuration (default: server 3, store 5, render 5, widget 5, limits 3 rounds;
                   1 with --quick)
  --targets <list> only these targets, e.g. relay,pglite (server: relay, pglite, postgres, and pglite-main-thread only when named; search: pglite, postgres)
  --chats <list>   server: these chat counts instead of 100,1000 (fixed rate: 2 msgs/s per chat, at the largest);
                   search: the closed chats seeded instead of 10000
  --messages <list> store: messages held instead of 1000,10000,100000; render: the chat's length instead of 10000
  --no-write       do not refresh BENCHMARKS.md
  --cpu-prof <dir> write V8 CPU profiles of the server processes into <dir>
  --alloc-prof <dir> server: sample what the server's thread allocates in each measured run (the runs print
                   the heap allocated per delivered message) and write each run's heap profile into <dir>
  --rate-only      server: only the fixed-rate phase (2 msgs/s per chat, after the warm-up), at the largest
                   --chats (default 1000); no saturation runs, no reconnect storm
  --help           this text
`;

function machineFacts(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  let postgres = '?';
  try {
    postgres = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-tAc', 'SHOW server_version'], { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    // no psql here: the version stays unknown
  }
  const v = versions();
  return (
    `${availableParallelism()} cores (nproc), ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; ` +
    `socket.io ${v.socketIo} / socket.io-client ${v.socketIoClient}; PGlite ${v.pglite}; PostgreSQL ${postgres} (127.0.0.1, pg ${v.pg})`
  );
}

const header = `# Benchmarks

What users will judge (DESIGN.md), measured by \`pnpm bench\` on one machine in one run. Each section is
rewritten by its benchmark (\`pnpm bench <name>\`); the numbers are reports, not assertions. \`pnpm bench --quick\`
is the harness's smoke test (tiny sizes, seconds) and does not touch this file.
`;

function writeSection(name: string, title: string, body: string): void {
  const file = join(repoRoot, 'BENCHMARKS.md');
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${begin}\n## ${title}\n\n${body}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + section + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        quick: { type: 'boolean', default: false },
        runs: { type: 'string' },
        targets: { type: 'string' },
        chats: { type: 'string' },
        messages: { type: 'string' },
        'no-write': { type: 'boolean', default: false },
        'cpu-prof': { type: 'string' },
        'alloc-prof': { type: 'string' },
        'rate-only': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const unknown = positionals.filter((name) => !suites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}\n\n${usage}`);
    return 2;
  }
  const chosen = positionals.length > 0 ? suites.filter((suite) => positionals.includes(suite.name)) : suites;
  const runs = values.runs !== undefined ? Number(values.runs) : undefined;
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) {
    process.stderr.write(`--runs must be a positive integer\n`);
    return 2;
  }
  const sizes = values.chats?.split(',').map(Number);
  if (sizes && !sizes.every((size) => Number.isInteger(size) && size > 0)) {
    process.stderr.write(`--chats must list positive integers\n`);
    return 2;
  }
  const messages = values.messages?.split(',').map(Number);
  if (messages && !messages.every((count) => Number.isInteger(count) && count > 0)) {
    process.stderr.write(`--messages must list positive integers\n`);
    return 2;
  }
  const cpuProfileDir = values['cpu-prof'] !== undefined ? resolve(values['cpu-prof']) : undefined;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  if (values['alloc-prof'] !== undefined) {
    const allocationProfileDir = resolve(values['alloc-prof']);
    mkdirSync(allocationProfileDir, { recursive: true });
    // The server children inherit the environment; their probe reads it (bench/lib/allocationProbe.ts).
    process.env.PARLEY_BENCH_ALLOC_PROFILE = allocationProfileDir;
  }

  const facts = machineFacts();
  const date = new Date().toISOString().slice(0, 10);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`pnpm bench ${process.argv.slice(2).join(' ')}`.trimEnd());
  log(`${date}; ${facts}\n`);

  let failed = false;
  for (const suite of chosen) {
    log(`== ${suite.title}${values.quick ? ' (quick)' : ''}`);
    const started = Date.now();
    const loadBefore = loadavg()[0]!;
    const report = await suite.run({
      quick: values.quick,
      ...(runs !== undefined && { runs }),
      ...(sizes !== undefined && { sizes }),
      ...(messages !== undefined && { messages }),
      ...(values.targets !== undefined && { targets: values.targets.split(',').map((target) => target.trim()) }),
      ...(cpuProfileDir !== undefined && { cpuProfileDir }),
      rateOnly: values['rate-only'],
      log,
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    const load = `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
    log(`\n${report.text}\n`);
    log(`(${suite.name}: ${seconds} s; ${load})`);
    if (report.failures.length > 0) {
      failed = true;
      log(`\nHARNESS FAILURE in ${suite.name} (exit code 1):`);
      for (const failure of report.failures) log(`  - ${failure}`);
    } else {
      log(`${suite.name}: harness checks passed (${suite.checks}).`);
    }
    // A rate-only run fills a fraction of the server section's tables: it never replaces them.
    if (!values.quick && !values['no-write'] && !values['rate-only']) {
      const command = `pnpm bench ${suite.name}${runs !== undefined ? ` --runs ${runs}` : ''}${values.targets ? ` --targets ${values.targets}` : ''}${values.chats ? ` --chats ${values.chats}` : ''}${values.messages ? ` --messages ${values.messages}` : ''}`;
      const failures = report.failures.length > 0 ? `\n\n**Harness failures in this run:**\n\n${report.failures.map((failure) => `- ${failure}`).join('\n')}` : '';
      writeSection(
        suite.name,
        suite.title,
        `Measured ${date} with \`${command}\` (${seconds} s; ${load}) on ${facts}.\n\n${report.markdown}${failures}`,
      );
      log(`BENCHMARKS.md: section "${suite.name}" refreshed.`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`HARNESS FAILURE: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
