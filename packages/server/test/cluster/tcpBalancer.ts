import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

export interface TcpBalancer {
  url: string;
  port: number;
  /** Connections made through each upstream so far, by `host:port`. */
  connections: Map<string, number>;
  /** Stops listening and cuts every open connection: clients get "connection refused". */
  pause(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A layer-4 balancer as an operator would put in front of Parley nodes (HAProxy `mode tcp`, nginx
 * `stream`): each new connection goes to the next upstream in turn, and one that refuses the connection
 * (a dead node) is skipped. A node's death cuts its connections; clients reconnect through the balancer
 * and land on a survivor. WebSocket-only clients need no sticky sessions. Also serves the tests as a
 * cuttable link to PostgreSQL (`pause` / `resume`).
 */
export async function startTcpBalancer(upstreams: readonly Upstream[], port = 0): Promise<TcpBalancer> {
  const open = new Set<Socket>();
  const connections = new Map<string, number>();
  let next = 0;

  function connectUpstream(client: Socket, tried: number): void {
    if (tried >= upstreams.length) {
      client.destroy();
      return;
    }
    const upstream = upstreams[next++ % upstreams.length]!;
    const server = createConnection(upstream);
    const onFailure = () => {
      server.destroy();
      connectUpstream(client, tried + 1);
    };
    server.once('error', onFailure);
    server.once('connect', () => {
      server.off('error', onFailure);
      const key = `${upstream.host}:${upstream.port}`;
      connections.set(key, (connections.get(key) ?? 0) + 1);
      open.add(server);
      server.once('close', () => open.delete(server));
      client.pipe(server);
      server.pipe(client);
      client.resume();
      const cut = () => {
        client.destroy();
        server.destroy();
      };
      client.once('error', cut).once('close', cut);
      server.once('error', cut).once('close', cut);
    });
  }

  let listener: Server | undefined;
  async function listen(onPort: number): Promise<number> {
    listener = createServer({ pauseOnConnect: true }, (client) => {
      open.add(client);
      client.once('close', () => open.delete(client));
      client.on('error', () => client.destroy());
      connectUpstream(client, 0);
    });
    await new Promise<void>((resolve, reject) => {
      listener!.once('error', reject);
      listener!.listen(onPort, '127.0.0.1', () => resolve());
    });
    return (listener.address() as { port: number }).port;
  }
  async function stop(): Promise<void> {
    const closing = listener;
    listener = undefined;
    for (const socket of open) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  const bound = await listen(port);
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    connections,
    pause: stop,
    async resume() {
      if (!listener) await listen(bound);
    },
    close: stop,
  };
}
