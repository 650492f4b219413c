import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { childEnv, trackProcess } from '../processes';
import type { TrackedProcess } from '../processes';
import { freePort } from './freePort';

export interface RedisServer {
  url: string;
  port: number;
  /** SIGKILL (no save, no goodbye to clients); resolves once the process is gone. */
  kill(): Promise<void>;
  /** A fresh, empty redis-server on the same port (as after a crash and restart). */
  restart(): Promise<void>;
}

/** A throwaway `redis-server` of the test's own, on a free loopback port, nothing persisted. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let current: TrackedProcess | undefined;
  async function launch(): Promise<void> {
    const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      env: childEnv(),
      stdio: 'ignore',
    });
    current = trackProcess(child, `redis-server :${port}`);
    await waitForPort(port, 10_000).catch(async (error: unknown) => {
      await current?.kill();
      throw error;
    });
  }
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      await current?.kill();
      current = undefined;
    },
    async restart() {
      await current?.kill();
      await launch();
    },
  };
}

/** Resolves once something accepts connections on the port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
