// Packs every publishable package with `pnpm pack`, as a release would: `prepack` builds dist/, and
// pnpm turns `workspace:` ranges into real versions and applies `publishConfig` (the `exports` without
// the in-repo `parley-source` condition).
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** In dependency order, so a reader of the output meets each package before its dependents. */
export const publishable = ['protocol', 'engine', 'core', 'react', 'ui', 'widget', 'server'] as const;
export type PackageDir = (typeof publishable)[number];

/** pnpm as the caller ran it (`pnpm run` sets npm_execpath), else the README's `npx -y pnpm@12`. */
export function pnpm(args: string[]): [string, string[]] {
  const execPath = process.env.npm_execpath;
  // pnpm 12 ships as a native executable; older ones as a script for node.
  if (execPath && /pnpm/.test(execPath)) return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath, ...args]] : [execPath, args];
  return ['npx', ['-y', 'pnpm@12', ...args]];
}

/** Packs each package into `dest` (emptied first) and returns the tarball path per package directory. */
export async function packAll(dest: string): Promise<Record<PackageDir, string>> {
  await rm(dest, { recursive: true, force: true });
  await mkdir(dest, { recursive: true });
  for (const dir of publishable) {
    const [command, args] = pnpm(['pack', '--pack-destination', dest]);
    await run(command, args, { cwd: join(repoRoot, 'packages', dir), maxBuffer: 64 * 1024 * 1024 });
  }
  const files = await readdir(dest);
  const tarballs = {} as Record<PackageDir, string>;
  for (const dir of publishable) {
    const file = files.find((name) => name.startsWith(`parley-${dir}-`) && name.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack made no tarball for @parley/${dir} in ${dest}`);
    tarballs[dir] = join(dest, file);
  }
  return tarballs;
}
