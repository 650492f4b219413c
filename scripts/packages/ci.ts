// `pnpm test:packages`: Parley as npm users get it, in one step (CI runs it after `pnpm test`).
//   1. `pnpm pack` every publishable package (prepack builds dist/)
//   2. publint + attw on each tarball, and the bundle budgets (size-limit, .size-limit.json)
//   3. the API reference (TypeDoc, docs/api/)
//   4. the consumer apps (consumers/run.ts): Vite on React 19 and 18, Next.js, plain Node, the
//      widget's script tag, and every package README's quick start, installed with npm from the
//      tarballs outside the workspace, against @parley/server from its tarball
// `--no-consumers` leaves out 4 (`pnpm check:packages`). Ends with "N passed, N failed".
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runConsumers } from '../../consumers/run';
import { checkTarballs } from './check';
import { packAll, repoRoot } from './pack';

const run = promisify(execFile);
const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const consumers = !process.argv.includes('--no-consumers');
let passed = 0;
let failed = 0;

const tarballs = await packAll(join(repoRoot, 'node_modules/.cache/parley-packs'));
console.log(`packed ${Object.keys(tarballs).length} packages with pnpm pack (${seconds()})`);

// The consumer apps mostly wait on npm and on builds; the lint runs beside them.
const apps = consumers ? runConsumers(tarballs) : Promise.resolve([]);

const lint = await checkTarballs(tarballs);
console.log(lint.report.join('\n'));
passed += 7 - lint.failed;
failed += lint.failed;

try {
  const { stdout } = await run(join(repoRoot, 'node_modules/.bin/size-limit'), ['--json'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  report(JSON.parse(stdout) as SizeResult[]);
} catch (error) {
  const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
  try {
    report(JSON.parse(stdout) as SizeResult[]);
  } catch {
    console.log(`size-limit failed:\n${stdout}${stderr}`);
    failed++;
  }
}

interface SizeResult {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit?: number;
}
function report(results: SizeResult[]) {
  console.log('bundle budgets (min+gzip):');
  for (const result of results) {
    const kb = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 1000).toFixed(2)} kB`);
    console.log(`  ${result.passed ? '✓' : '✗ OVER BUDGET'} ${result.name}: ${kb(result.size)} (budget ${kb(result.sizeLimit)})`);
    if (result.passed) passed++;
    else failed++;
  }
}

// The API reference from the TSDoc (docs/api/, not committed): a broken reference fails here.
try {
  await run(join(repoRoot, 'node_modules/.bin/typedoc'), ['--logLevel', 'Warn'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  console.log('✓ API reference: TypeDoc wrote docs/api/ from the TSDoc of every package entry');
  passed++;
} catch (error) {
  const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
  console.log(`✗ API reference: TypeDoc failed\n${stdout}${stderr}`);
  failed++;
}

for (const proof of await apps) {
  if (proof.ok) passed++;
  else failed++;
}
console.log(`packages: ${passed} passed, ${failed} failed (${seconds()})`);
if (failed > 0) process.exitCode = 1;
