// Each benchmark part (a server, a load generator) runs in its own Node process, started like
// `tsx --conditions=parley-source <script>` and spoken to over Node's IPC channel. The process is node
// itself with tsx's loader (not the tsx CLI, which would add a wrapper process), so its pid is the
// one whose CPU and memory we read.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every IPC message is a JSON object with a `type`. */
export interface Envelope {
  type: string;
}

export interface Child<In extends Envelope, Out extends Envelope> {
  pid: number;
  process: ChildProcess;
  send(message: In): void;
  /** The next message of this type (earlier ones queued are taken first); rejects if the child exits. */
  next<T extends Out['type']>(type: T, timeoutMs?: number): Promise<Extract<Out, { type: T }>>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string | null>;
  kill(): void;
}

export function startChild<In extends Envelope, Out extends Envelope>(
  script: string,
  args: readonly string[] = [],
  options: { nodeArgs?: readonly string[]; label?: string } = {},
): Child<In, Out> {
  const label = options.label ?? script;
  const child = fork(script, [...args], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx', '--conditions=parley-source', ...(options.nodeArgs ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // A server child must not outlive a harness killed with Ctrl-C: same process group, default signals.
  });
  const inbox: Out[] = [];
  const waiters: { type: string; resolve: (message: Out) => void; reject: (error: Error) => void }[] = [];
  let exitError: Error | undefined;

  child.on('message', (raw) => {
    const message = raw as Out;
    const index = waiters.findIndex((waiter) => waiter.type === message.type || message.type === 'error');
    if (index >= 0) {
      const [waiter] = waiters.splice(index, 1);
      if (message.type === 'error' && waiter!.type !== 'error') {
        waiter!.reject(new Error(`${label}: ${(message as Envelope & { message?: string }).message ?? 'failed'}`));
      } else waiter!.resolve(message);
    } else inbox.push(message);
  });
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => {
      exitError = new Error(`${label} exited (${code ?? signal}) before answering`);
      for (const waiter of waiters.splice(0)) waiter.reject(exitError);
      resolve(code ?? signal);
    });
  });

  return {
    pid: child.pid!,
    process: child,
    send(message) {
      child.send(message);
    },
    next(type, timeoutMs = 600_000) {
      const queued = inbox.findIndex((message) => message.type === type || message.type === 'error');
      if (queued >= 0) {
        const [message] = inbox.splice(queued, 1);
        if (message!.type === 'error' && type !== 'error') {
          return Promise.reject(new Error(`${label}: ${(message as Envelope & { message?: string }).message ?? 'failed'}`));
        }
        return Promise.resolve(message as Extract<Out, { type: typeof type }>);
      }
      if (exitError) return Promise.reject(exitError);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${label}: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          type,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message as Extract<Out, { type: typeof type }>);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
    },
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** For child scripts: send a message to the parent (a no-op when run by hand without IPC). */
export function tellParent<T extends Envelope>(message: T): void {
  process.send?.(message);
}

/** For child scripts: report a fatal error to the parent, then exit non-zero. */
export function failToParent(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${text}\n`);
  const message = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  // Exit only once the message is out: process.exit would drop a message still being written.
  if (process.send && process.connected) process.send(message, undefined, {}, () => process.exit(1));
  else process.exit(1);
}

/** For child scripts: send a last message to the parent, then exit with `code` once it is out. */
export function finishWith<T extends Envelope>(message: T, code = 0): void {
  if (process.send && process.connected) process.send(message, undefined, {}, () => process.exit(code));
  else process.exit(code);
}

/**
 * The heap in use after full garbage collections (the process must run with --expose-gc; without
 * it the figure includes garbage). Collected twice: the first run's finalizers free more.
 */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}
