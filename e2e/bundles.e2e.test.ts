import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webRoots } from './buildWeb';

async function scripts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.js')).map((entry) => join(dir, entry));
}

/** The production builds that globalSetup made, as `pnpm start` serves them. */
describe('production bundles', () => {
  it('carry no store devtools code: the widget and the console never asked for it', async () => {
    const files = [...(await scripts(webRoots.widget)), ...(await scripts(webRoots.console))];
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(await readFile(file, 'utf8'), file).not.toContain('__REDUX_DEVTOOLS_EXTENSION__');
  });
});
