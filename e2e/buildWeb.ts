import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packages = fileURLToPath(new URL('../packages/', import.meta.url));
const bin = (path: string) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));

/**
 * Production builds of the widget (tsdown: the IIFE loader, the full ESM app and its types) and the
 * console (Vite: an app), exactly as `pnpm start` makes them: the end-to-end tests run what users
 * get, not a dev server. Child processes, because vitest's NODE_ENV=test would otherwise turn on
 * React's development JSX.
 */
export async function buildWeb(): Promise<void> {
  const env = { ...process.env, NODE_ENV: 'production' };
  const builds = [
    { cwd: `${packages}widget`, args: [bin('tsdown/dist/run.mjs'), '--logLevel', 'warn'] },
    { cwd: `${packages}console`, args: [bin('vite/bin/vite.js'), 'build', '--logLevel', 'warn'] },
  ];
  for (const { cwd, args } of builds) {
    await run(process.execPath, args, { cwd, env });
  }
}

export const webRoots = {
  demo: `${packages}widget/demo`,
  widget: `${packages}widget/dist`,
  console: `${packages}console/dist`,
  fixtures: fileURLToPath(new URL('./fixtures/', import.meta.url)),
};
