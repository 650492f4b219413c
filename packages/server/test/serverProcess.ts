import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, trackProcess } from './processes';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The server's own PID: `node` runs the CLI itself (no wrapper), so a signal sent here reaches it. */
  pid: number;
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL, then waits until the PID no longer exists. */
  kill(): Promise<void>;
}

/**
 * `parley-server` in its own process, as `pnpm --filter @parley/server start` runs it, but started as
 * `node --import tsx` rather than through the `tsx` binary: that binary runs the server in a child of
 * its own and does not pass SIGKILL on, so killing it left the real server running.
 */
export async function spawnServer(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=parley-source', 'src/cli.ts', '--port', '0', ...args], {
    cwd: packageDir,
    env: childEnv({ LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = trackProcess(child, `parley-server ${args.join(' ')}`);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /Parley server: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => reject(new Error(`server exited:\n${output}`)));
  }).catch(async (error: unknown) => {
    await tracked.kill();
    throw error;
  });
  return { url, child, pid: child.pid!, output: () => output, exited, kill: tracked.kill };
}
