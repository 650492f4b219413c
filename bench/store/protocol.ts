// What the store benchmark's parent (bench/store/index.ts) and its child (bench/store/run.ts) say to
// each other over Node's IPC channel.

export interface StorePlan {
  /** Messages held at the end of a pass, one chat each. */
  sizes: number[];
  /** Measured runs; one warm-up pass over every size comes first. */
  runs: number;
  /**
   * Events are timed in chunks of this many: the median chunk is the typical cost, robust to a
   * scheduling hiccup on a shared machine; the last chunk of a fill is the cost with (size − chunk) held.
   */
  chunk: number;
  /**
   * Events timed per size and run: a small size is repeated on fresh stores until it reaches this, so
   * every size is measured over the same amount of work (and a scheduling hiccup weighs the same).
   */
  eventsPerRun: number;
}

/** One pass at one size. */
export interface StorePass {
  size: number;
  /** 0 for the warm-up. */
  run: number;
  /** Fresh stores filled to `size` in this pass. */
  repeats: number;
  /** Wall time of all events, divided by their number (`repeats` × `size`): garbage collection included. */
  meanNs: number;
  /**
   * CPU time of the process (user + system, all its threads: the collector's helpers included) over
   * all events, divided by their number. Unlike wall time, time the scheduler gave other processes on
   * a shared machine is not in it.
   */
  cpuNs: number;
  /** GC pauses on the benchmark's thread during the events (Node's `gc` performance entries), per event. */
  gcNs: number;
  /** Wall time of the events minus those pauses, per event: the store's own work. */
  withoutGcNs: number;
  /** The median over all chunks of the fills of a chunk's wall time per event. */
  chunkMedianNs: number;
  /** The median over the fills of their last chunk's wall time per event. */
  lastChunkNs: number;
  chunk: number;
  /** Heap retained per message (after full GCs), `repeats` stores held at once; NaN without `global.gc`. */
  bytesPerMessage: number;
  /** What the store held afterwards (the harness checks both equal `size`). */
  held: number;
  lastSeq: number;
  /** Notifications a `selectMessages` subscriber got (one per event expected). */
  notified: number;
  /** Messages the store held as another object than the one the transport delivered (0 expected: no copy per event). */
  copies: number;
}

export type StoreIn = { type: 'run'; plan: StorePlan };

export type StoreOut =
  | { type: 'pass'; pass: StorePass }
  | { type: 'done'; gcExposed: boolean }
  | { type: 'error'; message: string };
