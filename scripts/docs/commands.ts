// `pnpm check:docs`: every command the docs show (README.md, CONTRIBUTING.md, CHANGELOG.md, docs/,
// each package's README), checked as written, so a renamed script or flag cannot leave a command that
// fails.
//
//   - every line of an `sh` code block, and every inline `npx …` / `pnpm …` / `node …` span, is taken
//     apart (`&&`, `;`, a trailing `&`, `# comments`) into single commands;
//   - `npx -y pnpm@12 [--filter <pkg>] <script> …`: the script exists in that package.json (or is a pnpm
//     command), no literal `--` (pnpm 12 passes it on to the script, which then refuses its flags),
//     and a code block never says plain `pnpm` (there is no global pnpm: it comes through npx);
//   - `parley-server …` (however it is started): its arguments, expanded by a real shell, are read by
//     the server's own `readConfig`, and every flag of the docs' flag tables is in `--help`;
//   - `npx vitest run --project <name>`: the project exists; `npm install @parley/<x>`: the package exists;
//   - cheap ones run for real: the server from source (`npx -y pnpm@12 --filter @parley/server start
//     …`) until it listens, then SIGTERM.
// Slow or interactive ones (the test suites, the benchmarks, Storybook's dev server, changesets) are
// checked as above but not run: `pnpm test` and `pnpm test:packages` run their substance anyway. The
// changeset notes are read instead (scripts/docs/changesets.ts): each names only released packages.
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isAdminCommand, readAdminCommand } from '../../packages/server/src/adminCommand';
import { readConfig, usage } from '../../packages/server/src/config';
import { checkChangesets } from './changesets';
import { checkReleasePlan } from './releasePlan';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const exec = promisify(execFile);

interface Command {
  doc: string;
  line: number;
  text: string;
  /** From a code block (copied and pasted as is) rather than an inline mention in prose. */
  block: boolean;
}

const docs = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'docs/README.md', ...readdirSync(join(repoRoot, 'packages')).map((dir) => `packages/${dir}/README.md`)];

/** The commands of one Markdown file: `sh` block lines and inline command spans. */
function commandsOf(doc: string): Command[] {
  const text = readFileSync(join(repoRoot, doc), 'utf8');
  const lines = text.split('\n');
  const commands: Command[] = [];
  let fence: string | undefined;
  lines.forEach((raw, index) => {
    const opening = /^```(\w*)/.exec(raw);
    if (opening) {
      fence = fence === undefined ? opening[1]! : undefined;
      return;
    }
    if (fence === 'sh') {
      for (const text of split(raw)) commands.push({ doc, line: index + 1, text, block: true });
    } else if (fence === undefined) {
      for (const [, span] of raw.matchAll(/`((?:npx|pnpm|node|npm) [^`]+)`/g)) {
        for (const text of split(span!)) commands.push({ doc, line: index + 1, text, block: false });
      }
    }
  });
  return commands;
}

/** One shell line → its commands: comments, `&&`, `;` and a trailing `&` removed. */
function split(line: string): string[] {
  return line
    .replace(/\s+#.*$/, '')
    .replace(/^#.*$/, '')
    .split(/&&|;/)
    .map((part) => part.trim().replace(/\s*&$/, ''))
    .filter(Boolean);
}

interface PackageJson {
  name: string;
  private?: boolean;
  scripts?: Record<string, string>;
}
function packageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as PackageJson;
}
const packageDirs = readdirSync(join(repoRoot, 'packages')).map((dir) => `packages/${dir}`);
const packagesByName = new Map(packageDirs.map((dir) => [packageJson(dir).name, dir]));
const pnpmCommands = new Set(['install', 'add', 'remove', 'update', 'exec', 'dlx', 'pack', 'publish', 'run', 'outdated', 'why', 'list']);
const vitestProjects = new Set([...readFileSync(join(repoRoot, 'vite.config.ts'), 'utf8').matchAll(/(?:packageProject\('|name: ')([\w-]+)'/g)].map((match) => match[1]!));

/**
 * The words of a command line as a POSIX shell splits them (quotes, `$VAR`, `$(…)` expanded by sh;
 * `set --` runs nothing but the expansions). Lines with redirections or pipes are split on spaces.
 */
async function shellWords(text: string, env: Record<string, string> = {}): Promise<string[]> {
  if (/[<>|]/.test(text)) return text.split(/\s+/);
  const script = `set -- ${text}\nfor word in "$@"; do printf '%s\\0' "$word"; done`;
  const { stdout } = await exec('sh', ['-c', script], { env: { ...process.env, ...env } });
  return stdout.split('\0').slice(0, -1);
}

type Verdict = { ok: true; how: string } | { ok: false; why: string };

/** What is needed of each kind of command; `undefined`: a command this check does not know. */
async function check(command: Command): Promise<Verdict | undefined> {
  const words = await shellWords(command.text, { SECRET: 'x'.repeat(64) });
  const [first, ...rest] = words;
  if (first === 'pnpm' || (first === 'npx' && rest[0] === '-y' && rest[1] === 'pnpm@12')) {
    if (first === 'pnpm' && command.block) return { ok: false, why: 'plain `pnpm` in a code block: there is no global pnpm, write `npx -y pnpm@12`' };
    return checkPnpm(first === 'pnpm' ? rest : rest.slice(2));
  }
  const server = serverArgs(words);
  if (server) return checkServerArgs(server);
  if (first === 'npx' && rest[0] === 'vitest') {
    const project = rest[rest.indexOf('--project') + 1];
    if (rest.includes('--project') && !vitestProjects.has(project ?? '')) return { ok: false, why: `no Vitest project ${project}` };
    return { ok: true, how: 'the Vitest project exists' };
  }
  if (first === 'npm' && rest[0] === 'install') {
    const missing = rest.slice(1).filter((name) => name.startsWith('@parley/') && !packagesByName.has(name));
    if (missing.length) return { ok: false, why: `no package ${missing.join(', ')}` };
    return { ok: true, how: 'the packages exist (installed from their tarballs by `pnpm test:packages`)' };
  }
  return undefined;
}

async function checkPnpm(args: string[]): Promise<Verdict> {
  if (args.includes('--')) return { ok: false, why: 'a literal `--`: pnpm 12 passes it on to the script, which then takes no flags after it' };
  let dir = '.';
  let rest = args;
  if (rest[0] === '--filter') {
    const target = packagesByName.get(rest[1] ?? '');
    if (!target) return { ok: false, why: `no workspace package ${rest[1]}` };
    dir = target;
    rest = rest.slice(2);
  }
  const [script, ...scriptArgs] = rest.filter((word) => word !== '--frozen-lockfile');
  if (script === undefined || pnpmCommands.has(script)) return { ok: true, how: 'a pnpm command' };
  const scripts = packageJson(dir).scripts ?? {};
  if (!(script in scripts)) return { ok: false, why: `${dir === '.' ? 'the root package.json' : `${dir}/package.json`} has no script "${script}"` };
  if (dir === 'packages/server' && script === 'start') return checkServerArgs(scriptArgs);
  return { ok: true, how: `script "${script}" exists` };
}

/** The arguments of a `parley-server` command, however it is started; `undefined` if it is not one. */
function serverArgs(words: string[]): string[] | undefined {
  const index = words.findIndex((word) => word === 'parley-server' || word.endsWith('/parley-server.js'));
  if (index < 0 || !['npx', 'node'].includes(words[0]!)) return undefined;
  return words.slice(index + 1);
}

function checkServerArgs(args: string[]): Verdict {
  try {
    // `parley-server agents|rooms|admin …` are the administration commands, read by their own parser.
    if (isAdminCommand(args)) readAdminCommand(args);
    else readConfig(args, {});
    return { ok: true, how: `parley-server reads ${args.length ? args.join(' ') : 'no arguments'}` };
  } catch (error) {
    return { ok: false, why: `parley-server refuses its arguments: ${(error as Error).message}` };
  }
}

/** Every `--flag` in the first column of a docs table about the server's flags is in `--help`. */
function flagTables(): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const doc of ['README.md', 'packages/server/README.md']) {
    const text = readFileSync(join(repoRoot, doc), 'utf8');
    for (const [, flag] of text.matchAll(/^\| `(--[a-z0-9-]+)/gm)) {
      verdicts.push(usage.includes(`${flag} `) || usage.includes(`${flag}\n`) ? { ok: true, how: `${doc}: ${flag} is in --help` } : { ok: false, why: `${doc}: ${flag} is not in parley-server --help` });
    }
  }
  return verdicts;
}

/** Runs a server command as written until it prints its URL, then stops it with SIGTERM. */
function runServer(text: string): Promise<Verdict> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', text], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, LOG_LEVEL: 'warn' } });
    let output = '';
    let settled = false;
    const finish = (verdict: Verdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      resolve(verdict);
    };
    const timer = setTimeout(() => finish({ ok: false, why: `no "Parley server:" line within 120 s:\n${output.slice(-2000)}` }), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Parley server: (\S+)/.exec(output)?.[1];
      if (url) finish({ ok: true, how: `ran it: listening on ${url}, stopped with SIGTERM` });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => finish({ ok: false, why: `exited with ${code} before listening:\n${output.slice(-2000)}` }));
  });
}

/** Commands cheap enough to run for real on every CI run. */
const runForReal = new Set(['npx -y pnpm@12 --filter @parley/server start --port 4000 --demo']);

const commands = docs.flatMap(commandsOf);
let failed = 0;
let unchecked = 0;
const ran = new Set<string>();
for (const command of commands) {
  const where = `${command.doc}:${command.line}`;
  let verdict = await check(command);
  if (verdict?.ok && runForReal.has(command.text) && !ran.has(command.text)) {
    ran.add(command.text);
    verdict = await runServer(command.text);
  }
  if (verdict === undefined) {
    unchecked++;
    console.log(`  - ${where} \`${command.text}\`: not a command this check knows (left to the reader)`);
  } else if (verdict.ok) {
    console.log(`  ✓ ${where} \`${command.text}\`: ${verdict.how}`);
  } else {
    failed++;
    console.log(`  ✗ ${where} \`${command.text}\`: ${verdict.why}`);
  }
}
const tables = flagTables();
for (const verdict of tables) {
  if (!verdict.ok) {
    failed++;
    console.log(`  ✗ ${verdict.why}`);
  }
}
console.log(`  ${tables.every((verdict) => verdict.ok) ? '✓' : '✗'} the flag tables of README.md and packages/server/README.md: ${tables.length} flags, ${tables.filter((verdict) => verdict.ok).length} in parley-server --help`);
for (const text of runForReal) if (!ran.has(text)) {
  failed++;
  console.log(`  ✗ \`${text}\` is run for real here but no doc shows it any more: update scripts/docs/commands.ts`);
}
const changesets = checkChangesets(repoRoot, packageDirs.map(packageJson));
for (const problem of changesets.problems) {
  failed++;
  console.log(`  ✗ ${problem}`);
}
console.log(`  ${changesets.problems.length === 0 ? '✓' : '✗'} .changeset/: ${changesets.notes} notes, each naming only packages \`npx -y pnpm@12 version-packages\` releases`);
// The release tool refuses (throws on) notes the check above refused, so the plan waits for them.
if (changesets.problems.length > 0) {
  console.log('  - the release those notes make: not planned until the notes above are mended');
} else {
  const releasePlan = await checkReleasePlan(repoRoot);
  for (const problem of releasePlan.problems) {
    failed++;
    console.log(`  ✗ ${problem}`);
  }
  console.log(`  ${releasePlan.problems.length === 0 ? '✓' : '✗'} the release those notes make: ${releasePlan.versions.join(', ') || 'nothing'}; no major that no note asks for`);
}
console.log(`docs commands: ${commands.length - failed - unchecked} checked, ${ran.size} of them run, ${unchecked} not known, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
