// In a server child: how its event loop and garbage collector did between the parent's `probeStart`
// and `probeEnd` (one measured run). The load generator sees latency from outside; this says how
// much of it the server's own thread stood still for.
import type { IntervalHistogram } from 'node:perf_hooks';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { LoopProbe } from '../server/protocol';
import { createAllocationProbe } from './allocationProbe';

export interface LoopProbeRecorder {
  start(): void;
  stop(): Promise<LoopProbe>;
}

export function createLoopProbe(): LoopProbeRecorder {
  let delay: IntervalHistogram | undefined;
  let gc: PerformanceObserver | undefined;
  let pauses: number[] = [];
  const allocation = createAllocationProbe();
  return {
    start() {
      // The profiler answers in this same tick (an in-thread inspector session): no await needed here.
      void allocation.start();
      delay?.disable();
      gc?.disconnect();
      pauses = [];
      // 1 ms: the smallest period, so a stall of a few ms shows (the default of 10 ms would hide it).
      delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const seen = pauses;
      gc = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) seen.push(entry.duration);
      });
      gc.observe({ entryTypes: ['gc'] });
    },
    async stop() {
      delay?.disable();
      gc?.disconnect();
      const allocatedBytes = await allocation.stop();
      const nsToMs = (ns: number) => ns / 1e6;
      const probe: LoopProbe = {
        loopDelayP99Ms: delay ? nsToMs(delay.percentile(99)) : NaN,
        loopDelayMaxMs: delay ? nsToMs(delay.max) : NaN,
        gcPauses: pauses.length,
        gcPauseTotalMs: pauses.reduce((sum, pause) => sum + pause, 0),
        gcPauseMaxMs: pauses.length > 0 ? Math.max(...pauses) : 0,
        ...(allocatedBytes !== undefined && { allocatedBytes }),
      };
      delay = undefined;
      gc = undefined;
      return probe;
    },
  };
}
