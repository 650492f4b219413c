import { createChatEngine } from '@parley/engine';
import { hashPassword } from '../../src/passwords';
import { openSqlStore } from '../../src/store/openStore';
import { createThrowawayPostgres } from '../../src/store/testDatabases';
import type { Throwaway } from '../../src/store/testDatabases';
import { isAlive } from '../processes';
import { spawnServer } from '../serverProcess';
import type { ServerProcess } from '../serverProcess';
import { startRedis } from './redisServer';
import type { RedisServer } from './redisServer';
import { startTcpBalancer } from './tcpBalancer';
import type { TcpBalancer } from './tcpBalancer';

export const clusterSecret = 'cluster-test-secret-cluster-test-secret';

export interface Cluster {
  database: Throwaway<string>;
  /** What the nodes connect to: the database itself, or the cuttable link in front of it. */
  nodeDatabaseUrl: string;
  /** In front of PostgreSQL when `databaseLink` was asked for: `pause()` refuses connections. */
  databaseLink: TcpBalancer | undefined;
  redis: RedisServer;
  nodes: ServerProcess[];
  /** A TCP balancer over every node (dead ones are skipped). */
  balancer: TcpBalancer;
  /** Starts one more node on the same database and Redis (not behind the balancer). */
  addNode(): Promise<ServerProcess>;
  /** Stops everything the cluster started, whatever state it is in. */
  stop(): Promise<void>;
}

/**
 * Parley nodes as an operator runs them: `parley-server` processes on one PostgreSQL database (a
 * throwaway one) and one Redis (a redis-server of the test's own), behind a TCP balancer.
 */
/**
 * Every client of these suites runs from 127.0.0.1: the per-address abuse limits (issue 13) are sized
 * for the suites, and logins may run side by side (the suites log many agents in at once).
 */
const loopbackLimits = [
  '--limit', 'signupsPerIpPerMinute=1000000',
  '--limit', 'loginsPerIpPerMinute=1000000',
  '--limit', 'maxSocketsPerIp=1000000',
  '--limit', 'loginConcurrency=64',
];

export async function startCluster(options: { nodes?: number; databaseLink?: boolean; env?: Record<string, string> } = {}): Promise<Cluster> {
  const started: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of started.reverse()) await step().catch(() => undefined);
  };
  try {
    const database = await createThrowawayPostgres();
    started.push(() => database.remove());
    const redis = await startRedis();
    started.push(() => redis.kill());
    let databaseLink: TcpBalancer | undefined;
    let nodeDatabaseUrl = database.value;
    if (options.databaseLink) {
      const direct = new URL(database.value);
      databaseLink = await startTcpBalancer([{ host: direct.hostname, port: Number(direct.port || 5432) }]);
      started.push(() => databaseLink!.close());
      const linked = new URL(database.value);
      linked.port = String(databaseLink.port);
      nodeDatabaseUrl = linked.toString();
    }
    const addNode = async () => {
      const node = await spawnServer(['--database-url', nodeDatabaseUrl, '--redis-url', redis.url, '--secret', clusterSecret, ...loopbackLimits], options.env);
      started.push(() => node.kill());
      return node;
    };
    const nodes: ServerProcess[] = [];
    for (let i = 0; i < (options.nodes ?? 2); i++) nodes.push(await addNode());
    const balancer = await startTcpBalancer(nodes.map((node) => ({ host: '127.0.0.1', port: Number(new URL(node.url).port) })));
    started.push(() => balancer.close());
    return { database, nodeDatabaseUrl, databaseLink, redis, nodes, balancer, addNode, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface AgentSeed {
  username: string;
  rooms: string[];
  capacity: number;
}

/** Agents who can log in (password `secret-pass`), written straight into the database. */
export async function seedAgents(databaseUrl: string, agents: readonly AgentSeed[]): Promise<void> {
  const store = await openSqlStore({ databaseUrl, poolSize: 2 });
  try {
    const engine = createChatEngine({ store });
    const hash = await hashPassword('secret-pass');
    for (const agent of agents) {
      await engine.registerAgent({ id: agent.username, name: `Agent ${agent.username}`, rooms: agent.rooms, capacity: agent.capacity });
      await store.putCredentials(agent.username, agent.username, hash);
    }
    engine.stop();
  } finally {
    await store.close();
  }
}

/** `/healthz` of a node: its status and body, or `down` when nothing answers. */
export async function health(url: string): Promise<{ status: number; body: { ok: boolean; dependencies?: Record<string, { up: boolean; reason?: string }> } } | 'down'> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: (await response.json()) as { ok: boolean } };
  } catch {
    return 'down';
  }
}

/** Lines of a node's log that carry `message` (pino JSON, one object per line). */
export function logLines(node: ServerProcess, message: string): string[] {
  return node
    .output()
    .split('\n')
    .filter((line) => line.includes(`"msg":"${message}`));
}

export function alive(node: ServerProcess): boolean {
  return isAlive(node.pid) && node.child.exitCode === null && node.child.signalCode === null;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
