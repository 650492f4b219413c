import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { startTestServer } from './harness';

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
