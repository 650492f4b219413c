#!/usr/bin/env node
// `parley-server`. Installed from npm, it runs the build (dist/cli.js) with plain node. In the
// workspace (src/ is there; it is not in the published package) it runs the TypeScript source through
// tsx with the `parley-source` condition, so nothing needs building first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(packageDir, 'src/cli.ts');

if (!existsSync(source)) {
  await import('../dist/cli.js');
} else {
  const child = spawn(
    process.execPath,
    ['--conditions=parley-source', '--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: process.cwd() },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
