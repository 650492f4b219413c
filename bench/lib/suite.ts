// What every benchmark of `pnpm bench` provides, so bench/index.ts can run all or some of them.

export interface SuiteOptions {
  /** Tiny sizes, one run: a smoke test of the harness that finishes in seconds (CI runs this). */
  quick: boolean;
  /** Measured runs per configuration (a warm-up run always comes first). */
  runs?: number;
  /** Override the sizes (e.g. chat counts) the suite runs at. */
  sizes?: number[];
  /** Store and rendering: message counts instead of the planned ones. */
  messages?: number[];
  /** Restrict to these targets (names the suite defines), e.g. `relay,pglite`. */
  targets?: string[];
  /** Write V8 CPU profiles of the measured processes into this directory. */
  cpuProfileDir?: string;
  /** Server: only the fixed-rate phase (after the warm-up), at the largest size; no saturation runs, no storm. */
  rateOnly?: boolean;
  log: (line: string) => void;
}

export interface SuiteReport {
  /** Printed to the terminal. */
  text: string;
  /** The suite's section of BENCHMARKS.md (without the markers). */
  markdown: string;
  /** Why the harness failed (lost or duplicated messages, a crashed process, …); empty when it worked. */
  failures: string[];
}

export interface Suite {
  name: string;
  title: string;
  /** What a run without failures has shown, printed after the tables. */
  checks: string;
  run(options: SuiteOptions): Promise<SuiteReport>;
}
