// `pnpm check:packages`: packs every publishable package and lints each tarball as npm would serve
// it, with publint (package.json fields, files, exports) and @arethetypeswrong/cli (types under
// node10, node16 CJS and ESM, and bundler resolution). Any error fails the run.
//
// The packages are ESM only, so attw's `cjs-resolves-to-esm` (a `require` from CommonJS gets ESM) is
// expected and ignored: Node >= 20.19 (our engines floor) loads ESM from `require` anyway.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packAll, publishable, repoRoot } from './pack';

const run = promisify(execFile);
const bin = (name: string) => join(repoRoot, 'node_modules/.bin', name);

async function tool(command: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

const dest = process.argv[2] ?? join(repoRoot, 'node_modules/.cache/parley-packs');
const started = performance.now();
const tarballs = await packAll(dest);
let failed = 0;
for (const dir of publishable) {
  const tarball = tarballs[dir];
  const [lint, types] = await Promise.all([
    tool(bin('publint'), [tarball, '--strict']),
    // Not modules to type: the stylesheet and the widget's script-tag loader (an IIFE).
    tool(bin('attw'), [tarball, '--ignore-rules', 'cjs-resolves-to-esm', '--exclude-entrypoints', 'styles.css', 'parley-widget.js', '--format', 'ascii']),
  ]);
  const verdict = (result: { ok: boolean }) => (result.ok ? 'no errors' : 'ERRORS');
  console.log(`@parley/${dir}: publint ${verdict(lint)}, attw ${verdict(types)}`);
  for (const result of [lint, types]) if (!result.ok) console.log(result.output.replace(/^/gm, '    '));
  if (!lint.ok || !types.ok) failed++;
}
console.log(`${publishable.length - failed} passed, ${failed} failed (packed into ${dest}, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
if (failed > 0) process.exitCode = 1;
