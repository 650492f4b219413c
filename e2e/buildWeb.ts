import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packages = fileURLToPath(new URL('../packages/', import.meta.url));
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));

/**
 * Production builds of the widget (ESM app, then the IIFE loader) and the console, exactly as
 * `pnpm start` makes them: the end-to-end tests run what users get, not a dev server. Child
 * processes, because vitest's NODE_ENV=test would otherwise turn on React's development JSX.
 */
export async function buildWeb(): Promise<void> {
  const env = { ...process.env, NODE_ENV: 'production' };
  const builds = [
    { cwd: `${packages}widget`, args: ['build', '--logLevel', 'warn'] },
    { cwd: `${packages}widget`, args: ['build', '--mode', 'loader', '--logLevel', 'warn'] },
    { cwd: `${packages}console`, args: ['build', '--logLevel', 'warn'] },
  ];
  for (const { cwd, args } of builds) {
    await run(process.execPath, [vite, ...args], { cwd, env });
  }
}

export const webRoots = {
  demo: `${packages}widget/demo`,
  widget: `${packages}widget/dist`,
  console: `${packages}console/dist`,
  fixtures: fileURLToPath(new URL('./fixtures/', import.meta.url)),
};
