import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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

  it('load the full widget under its content hash from the loader, with a stable re-export for bundlers', async () => {
    const files = await readdir(webRoots.widget);
    const hashed = files.filter((file) => /^parley-widget\.esm-[\w-]{8,}\.js$/.test(file));
    expect(hashed).toHaveLength(1);
    const loader = await readFile(join(webRoots.widget, 'parley-widget.js'), 'utf8');
    expect(loader).toContain(hashed[0]);
    expect(loader).not.toMatch(/parley-widget\.esm\.js/);
    expect(await readFile(join(webRoots.widget, 'parley-widget.esm.js'), 'utf8')).toBe(`export * from './${hashed[0]}';\n`);
  });

  it('ship every widget script precompressed beside itself (.br and .gz holding the same bytes)', async () => {
    const files = await scripts(webRoots.widget);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const plain = await readFile(file);
      expect(brotliDecompressSync(await readFile(`${file}.br`)).equals(plain), `${file}.br`).toBe(true);
      expect(gunzipSync(await readFile(`${file}.gz`)).equals(plain), `${file}.gz`).toBe(true);
    }
  });

  it('carry only the WebSocket transport of engine.io-client in the widget (no long-polling or WebTransport code)', async () => {
    const files = (await scripts(join(webRoots.widget, 'chunks'))).filter((file) => /socketIo-[\w-]+\.js$/.test(file));
    expect(files).toHaveLength(1);
    const all = await readFile(files[0]!, 'utf8');
    expect(all).toContain('WebSocket');
    expect(all).not.toContain('XMLHttpRequest');
    expect(all).not.toContain('WebTransport');
  });
});
