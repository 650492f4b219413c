// publint (package.json fields, files, exports) and @arethetypeswrong/cli (types under node10, node16
// CJS and ESM, and bundler resolution) on each packed tarball, as npm would serve it.
//
// The packages are ESM only, so attw's `cjs-resolves-to-esm` (a `require` from CommonJS gets ESM) is
// expected and ignored: Node >= 20.19 (our engines floor) loads ESM from `require` anyway.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publishable, repoRoot } from './pack';
import type { PackageDir } from './pack';

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

/** Lints every tarball; returns one line per package (and the tools' output for a failure). */
export async function checkTarballs(tarballs: Record<PackageDir, string>): Promise<{ failed: number; report: string[] }> {
  const report: string[] = [];
  let failed = 0;
  for (const dir of publishable) {
    const tarball = tarballs[dir];
    const [lint, types] = await Promise.all([
      tool(bin('publint'), [tarball, '--strict']),
      // Not modules to type: the stylesheet and the widget's script-tag loader (an IIFE).
      tool(bin('attw'), [tarball, '--ignore-rules', 'cjs-resolves-to-esm', '--exclude-entrypoints', 'styles.css', 'parley-widget.js', '--format', 'ascii']),
    ]);
    const verdict = (result: { ok: boolean }) => (result.ok ? 'no errors' : 'ERRORS');
    report.push(`@parley/${dir}: publint --strict ${verdict(lint)}, attw ${verdict(types)}`);
    for (const result of [lint, types]) if (!result.ok) report.push(result.output.replace(/^/gm, '    '));
    if (!lint.ok || !types.ok) failed++;
  }
  return { failed, report };
}
