import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';

const childMarker = 'PARLEY_TEST_CHILD';

declare module 'vitest' {
  export interface ProvidedContext {
    parleyTestRun: string;
  }
}

/** PIDs whose environment carries this run's marker (Linux: /proc/<pid>/environ). */
async function markedProcesses(runId: string): Promise<{ pid: number; command: string }[]> {
  const needle = `${childMarker}=${runId}`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8');
      if (!environ.split('\0').includes(needle)) continue;
      const command = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ').trim();
      found.push({ pid: Number(entry), command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Gives the run an id that every spawned test process carries, and after the last test fails the run
 * if any of them is still alive (killing it, so one bad run does not leave the machine busy).
 */
export default function setup(project: TestProject) {
  const runId = randomBytes(6).toString('hex');
  project.provide('parleyTestRun', runId);
  return async () => {
    const leftovers = await markedProcesses(runId);
    for (const { pid } of leftovers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (leftovers.length > 0) {
      throw new Error(`tests left ${leftovers.length} process(es) running:\n${leftovers.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
    }
  };
}
