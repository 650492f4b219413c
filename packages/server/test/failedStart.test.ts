import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { startTestServer } from './harness';
import { createPgliteDataDir } from '../src/store/testDatabases';

/**
 * A start that fails at `listen` (the port is taken) hands back everything it had opened: an app
 * that retries in the same process — on another port, say — gets the same data directory again
 * rather than "in use" by itself.
 */
describe('a start that fails to listen', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('rejects with the listen error and leaves the data directory free for the next start', async () => {
    const holder: TestServer = await startTestServer();
    cleanup.push(() => holder.stop());
    const dataDir = (await createPgliteDataDir('parley-failed-start-')).value;
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    await expect(startTestServer({ dataDir, port: holder.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });

    const retried = await startTestServer({ dataDir, port: 0 });
    cleanup.push(() => retried.stop());
    const health = await fetch(`${retried.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
