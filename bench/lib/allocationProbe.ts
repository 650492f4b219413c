// In a server child, when PARLEY_BENCH_ALLOC_PROFILE names a directory (`pnpm bench server
// --alloc-prof DIR` sets it): the JavaScript heap the server's thread allocated over one measured
// run, from V8's sampling heap profiler. The bytes per delivered message set how often the young
// generation fills (each fill is a scavenge pause), so they are measured on their own: unlike CPU
// time, they do not depend on how busy the machine is. Each run's profile is written there too
// (open it in Chrome DevTools, Memory tab), to see where the bytes go.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/** A node of V8's sampling heap profile: the bytes sampled at one call stack (scaled to the whole). */
interface ProfileNode {
  selfSize: number;
  children: ProfileNode[];
}

export interface AllocationProbe {
  start(): Promise<void>;
  /** The bytes allocated since `start` (an estimate: one sample per `samplingInterval` bytes on average). */
  stop(): Promise<number | undefined>;
}

/**
 * Small enough for a few thousand samples per run at 2,000 msgs/s. The profiler keeps the objects a
 * scavenge or a full collection freed: by default it reports only those still alive when it stops.
 */
const samplingInterval = 4096;

export function createAllocationProbe(directory = process.env.PARLEY_BENCH_ALLOC_PROFILE): AllocationProbe {
  if (!directory) return { start: async () => {}, stop: async () => undefined };
  const session = new Session();
  session.connect();
  let runs = 0;
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  let sampling = false;
  return {
    async start() {
      if (sampling) await post('HeapProfiler.stopSampling');
      await post('HeapProfiler.startSampling', { samplingInterval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      sampling = true;
    },
    async stop() {
      if (!sampling) return undefined;
      sampling = false;
      const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
      runs += 1;
      await writeFile(join(directory, `${process.pid}-run${runs}.heapprofile`), JSON.stringify(profile));
      return totalSize(profile.head);
    },
  };
}

function totalSize(node: ProfileNode): number {
  let total = node.selfSize;
  for (const child of node.children) total += totalSize(child);
  return total;
}
