import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createThrowawayPostgres } from '../../src/store/testDatabases';
import { startRedis } from '../cluster/redisServer';
import { agent, startTestServer, visitor } from '../harness';

/**
 * A node stopped while its Redis is away (a deploy during an outage) closes cleanly. The socket.io
 * adapter unsubscribes on close without awaiting; those commands waited in the subscriber's offline
 * queue and rejected when the client was destroyed: four unhandled rejections per node, which end a
 * process run with Node's defaults.
 */
it('stops a node while its Redis is down without an unhandled rejection', async () => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  const database = await createThrowawayPostgres();
  const redis = await startRedis();
  try {
    const node = await startTestServer({ databaseUrl: database.value, redisUrl: redis.url, redisPrefix: `parley-test-${randomBytes(4).toString('hex')}` });
    // Sockets of both kinds, whose departures the node counts as it closes.
    const sockets = [await agent(node, 'ada-outage'), await visitor(node, 'Vera outage')];
    await redis.kill();
    await expect.poll(async () => (await fetch(`${node.url}/healthz`)).status, { timeout: 10_000 }).toBe(503);
    await node.stop();
    for (const socket of sockets) socket.close();
    // Rejections are reported after the microtasks that could still handle them.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rejections.map((reason) => (reason instanceof Error ? reason.message : String(reason)))).toEqual([]);
  } finally {
    process.off('unhandledRejection', onRejection);
    await redis.kill();
    await database.remove();
  }
}, 60_000);
