#!/usr/bin/env node
// `parley-server`: runs the CLI from its TypeScript source (the workspace has no build step), with the
// `parley-source` condition so workspace packages resolve to their src/ as well.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(
  process.execPath,
  ['--conditions=parley-source', '--import', import.meta.resolve('tsx'), join(packageDir, 'src/cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: process.cwd() },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
