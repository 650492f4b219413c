import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { startTestServer } from './harness';
import { cacheControlFor, isContentHashed } from '../src/staticFiles';

const appSource = `export const app = ${JSON.stringify('x'.repeat(2_000))};`;

/** `--static`: the demo page, the widget bundle and the console served next to the API. */
describe('static mounts', () => {
  let folder: string;
  let server: TestServer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-static-'));
    await mkdir(join(folder, 'demo'));
    await mkdir(join(folder, 'widget'));
    await mkdir(join(folder, 'console'));
    await writeFile(join(folder, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(join(folder, 'widget', 'parley-widget.js'), 'console.log("widget")');
    // As the widget's build writes them: the app under its content hash, with .br and .gz beside it.
    await mkdir(join(folder, 'widget', 'chunks'));
    await writeFile(join(folder, 'widget', 'parley-widget.esm-BbhixyMY.js'), appSource);
    await writeFile(join(folder, 'widget', 'parley-widget.esm-BbhixyMY.js.br'), brotliCompressSync(appSource));
    await writeFile(join(folder, 'widget', 'parley-widget.esm-BbhixyMY.js.gz'), gzipSync(appSource));
    await writeFile(join(folder, 'widget', 'chunks', 'socketIo-Ckp4JgPt.js'), 'export const io = 1;');
    await writeFile(join(folder, 'widget', 'chunks', 'socketIo-Ckp4JgPt.js.gz'), gzipSync('export const io = 1;'));
    await writeFile(join(folder, 'console', 'index.html'), '<!doctype html><title>console</title>');
    server = await startTestServer({
      staticMounts: [
        { prefix: '/', root: join(folder, 'demo') },
        { prefix: '/widget', root: join(folder, 'widget') },
        { prefix: '/console', root: join(folder, 'console') },
      ],
    });
  });

  afterAll(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('serves index.html at / and at /console/, and redirects /console to /console/', async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>demo</title>');
    expect(await (await fetch(`${server.url}/console/`)).text()).toContain('<title>console</title>');
    const bare = await fetch(`${server.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('serves the widget script as JavaScript', async () => {
    const response = await fetch(`${server.url}/widget/parley-widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
  });

  it('sends the precompressed sibling the request accepts, brotli first, and says the answer varies by Accept-Encoding', async () => {
    const url = `${server.url}/widget/parley-widget.esm-BbhixyMY.js`;
    const raw = async (acceptEncoding: string) => {
      // Node's fetch decodes bodies itself; ask through a plain request to see the bytes sent.
      const response = await fetch(url, { headers: { 'accept-encoding': acceptEncoding } });
      return { response, bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const br = await raw('gzip, deflate, br');
    expect(br.response.status).toBe(200);
    expect(br.response.headers.get('content-encoding')).toBe('br');
    expect(br.response.headers.get('content-type')).toMatch(/javascript/);
    expect(br.response.headers.get('vary')).toMatch(/accept-encoding/i);

    const gz = await raw('gzip');
    expect(gz.response.headers.get('content-encoding')).toBe('gzip');
    expect(gz.response.headers.get('vary')).toMatch(/accept-encoding/i);

    const identity = await raw('identity');
    expect(identity.response.headers.get('content-encoding')).toBeNull();
    expect(identity.response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(identity.bytes.toString()).toBe(appSource);
  });

  it('serves bytes that decompress to the file itself, and falls back to gzip or the plain file when a sibling is missing', async () => {
    const { request } = await import('node:http');
    const get = (path: string, acceptEncoding: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = request(`${server.url}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
        });
        req.on('error', reject);
        req.end();
      });
    const br = await get('/widget/parley-widget.esm-BbhixyMY.js', 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(appSource);
    const gz = await get('/widget/parley-widget.esm-BbhixyMY.js', 'gzip');
    expect(gunzipSync(gz.body).toString()).toBe(appSource);
    // This chunk has a .gz and no .br: a brotli-first client gets the gzip one.
    const chunk = await get('/widget/chunks/socketIo-Ckp4JgPt.js', 'br, gzip');
    expect(chunk.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(chunk.body).toString()).toBe('export const io = 1;');
    // The loader has no siblings: sent as is.
    const loader = await get('/widget/parley-widget.js', 'br, gzip');
    expect(loader.headers['content-encoding']).toBeUndefined();
    expect(loader.body.toString()).toBe('console.log("widget")');
  });

  it('caches content-hashed files for a year (immutable), the loader for minutes, pages not without asking', async () => {
    const header = async (path: string, acceptEncoding = 'br, gzip') =>
      (await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': acceptEncoding } })).headers.get('cache-control');
    expect(await header('/widget/parley-widget.esm-BbhixyMY.js')).toBe('public, max-age=31536000, immutable');
    expect(await header('/widget/parley-widget.esm-BbhixyMY.js', 'identity')).toBe('public, max-age=31536000, immutable');
    expect(await header('/widget/chunks/socketIo-Ckp4JgPt.js')).toBe('public, max-age=31536000, immutable');
    expect(await header('/widget/parley-widget.js')).toBe('public, max-age=300');
    expect(await header('/')).toBe('no-cache');
    expect(await header('/console/')).toBe('no-cache');
  });

  it('tells content-hashed names from plain ones', () => {
    expect(isContentHashed('parley-widget.esm-BbhixyMY.js')).toBe(true);
    expect(isContentHashed('socketIo-CkpJgPtK.js.br')).toBe(true);
    expect(isContentHashed('de-fbG3oTkg.js.gz')).toBe(true);
    expect(isContentHashed('index-DiwrgTda.css')).toBe(true);
    expect(isContentHashed('parley-widget.js')).toBe(false);
    expect(isContentHashed('parley-widget.esm.js')).toBe(false);
    expect(isContentHashed('parley-overview.js')).toBe(false);
    expect(isContentHashed('index.html')).toBe(false);
    expect(cacheControlFor('index.html.br')).toBe('no-cache');
    expect(cacheControlFor('parley-widget.js.gz')).toBe('public, max-age=300');
  });

  it('keeps the API routes and answers 404 for files that do not exist', async () => {
    expect((await fetch(`${server.url}/v1/agents/available?rooms=support`)).status).toBe(200);
    expect((await fetch(`${server.url}/widget/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/widget/../../etc/passwd`)).status).toBe(404);
  });

  it('refuses to start with a folder that does not exist, naming it', async () => {
    const missing = join(folder, 'not-built');
    await expect(startTestServer({ staticMounts: [{ prefix: '/widget', root: missing }] })).rejects.toThrow(`${missing} is not a folder`);
  });
});
