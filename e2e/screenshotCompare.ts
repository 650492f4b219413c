import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export interface Difference {
  /** Share of pixels that differ beyond pixelmatch's per-pixel threshold, 0..1. */
  ratio: number;
  width: number;
  height: number;
}

/** Pixel difference of two PNG screenshots; a size mismatch counts as entirely different. */
export function comparePngs(actual: Buffer, expected: Buffer): Difference {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(expected);
  if (a.width !== b.width || a.height !== b.height) return { ratio: 1, width: a.width, height: a.height };
  const changed = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.15 });
  return { ratio: changed / (a.width * a.height), width: a.width, height: a.height };
}

/**
 * Compares against a committed reference. `PARLEY_UPDATE_SCREENSHOTS=1` (re)writes the reference
 * instead; a missing reference is an error, so a forgotten file cannot pass silently.
 */
export async function compareWithReference(actual: Buffer, referencePath: string): Promise<Difference> {
  if (process.env.PARLEY_UPDATE_SCREENSHOTS === '1') {
    await mkdir(dirname(referencePath), { recursive: true });
    await writeFile(referencePath, actual);
  }
  if (!existsSync(referencePath)) throw new Error(`no reference screenshot at ${referencePath}: run with PARLEY_UPDATE_SCREENSHOTS=1 and commit it`);
  return comparePngs(actual, await readFile(referencePath));
}
