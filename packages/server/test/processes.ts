import type { ChildProcess } from 'node:child_process';
import { inject } from 'vitest';

/**
 * Every process a test starts carries `PARLEY_TEST_CHILD=<run id>` in its environment; the suite's
 * global teardown (`leftovers.globalSetup.ts`) looks for that marker and fails the run on any process
 * still alive, so a test that forgets to kill what it started cannot pass unnoticed.
 */
export const childMarker = 'PARLEY_TEST_CHILD';

export function testRunId(): string {
  return inject('parleyTestRun');
}

/** The environment for a child process of a test: the parent's plus the run's marker. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, [childMarker]: testRunId() };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface TrackedProcess {
  /** SIGKILL, then resolves once the process has exited and its PID is gone; throws if it is not. */
  kill(): Promise<void>;
}

export function trackProcess(child: ChildProcess, label: string): TrackedProcess {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    async kill() {
      const pid = child.pid;
      if (pid === undefined) return;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      // `exit` has fired, so the kernel has reaped it: a PID still alive means it is some other process.
      if (isAlive(pid) && child.exitCode === null && child.signalCode === null) throw new Error(`${label} (pid ${pid}) survived SIGKILL`);
    },
  };
}
