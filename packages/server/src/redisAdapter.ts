import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { DependencyHealth } from './dependencyHealth';

type RedisClient = ReturnType<typeof createClient>;

export interface RedisLink {
  adapter: ReturnType<typeof createAdapter>;
  quit(): Promise<void>;
}

/**
 * The socket.io Redis adapter on two clients that survive Redis going away. The adapter publishes
 * without awaiting or catching (`broadcast`, `serverSideEmit`, request/response), so a publish that
 * rejects while Redis is down was an unhandled rejection that ended the process. Here every publish
 * is caught and reported to `health`; the clients reconnect forever (with a capped backoff), the
 * subscriber re-subscribes on its own, and the node reports Redis up again once both are ready.
 * Broadcasts missed meanwhile reach other nodes' clients through the per-chat `seq` backfill.
 */
export async function connectRedisAdapter(options: { url: string; key: string; health: DependencyHealth }): Promise<RedisLink> {
  const { url, key, health } = options;
  const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 2_000);
  // Publishes fail at once while disconnected instead of queueing for the whole outage (memory, and
  // stale broadcasts replayed late).
  const pub: RedisClient = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy } });
  const sub: RedisClient = createClient({ url, socket: { reconnectStrategy } });
  const ready = new Set<RedisClient>();
  for (const [client, role] of [
    [pub, 'publisher'],
    [sub, 'subscriber'],
  ] as const) {
    // node-redis emits `error` on every failed reconnect attempt; health logs the first one only.
    client.on('error', (error: unknown) => {
      ready.delete(client);
      health.down('redis', error, { client: role });
    });
    client.on('end', () => ready.delete(client));
    client.on('ready', () => {
      ready.add(client);
      if (ready.size === 2) health.up('redis');
    });
  }
  await Promise.all([pub.connect(), sub.connect()]);

  const publisher = catchingRejections(pub, ['publish', 'sPublish'], (error, command) => {
    health.down('redis', error, { client: 'publisher', command });
    return 0;
  });
  // Closing, the adapter unsubscribes without awaiting; with Redis away those commands wait in the
  // subscriber's offline queue and reject when `quit` destroys the client, which ended a node stopped
  // during an outage with unhandled rejections. Nothing is left to unsubscribe from then.
  const subscriber = catchingRejections(sub, ['unsubscribe', 'pUnsubscribe', 'sUnsubscribe'], () => undefined);

  return {
    adapter: createAdapter(publisher, subscriber, { key }),
    async quit() {
      // A client that is not ready (Redis away) would wait for a reconnect that may never come.
      await Promise.all(
        [pub, sub].map(async (client) => {
          if (client.isReady) await client.close().catch(() => client.destroy());
          else if (client.isOpen) client.destroy();
        }),
      );
    },
  };
}

/**
 * The client, with the rejections of the named methods caught (`onRejection` gives the value to
 * resolve with instead): the adapter calls them without awaiting or catching.
 */
function catchingRejections(client: RedisClient, methods: readonly string[], onRejection: (error: unknown, command: string) => unknown): RedisClient {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && methods.includes(property)) {
        return (...args: unknown[]) => (value as (...args: unknown[]) => Promise<unknown>).apply(target, args).catch((error: unknown) => onRejection(error, property));
      }
      // The client keeps private fields: its methods must run on the client itself, not the proxy.
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}
