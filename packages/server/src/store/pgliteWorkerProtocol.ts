// What the socket thread and the PGlite worker thread (pgliteWorker.ts) say to each other.
import type { PgliteParam } from './pgliteConnection';

export interface PgliteWorkerData {
  dataDir: string;
}

/** One call of `PgliteConnection`. */
export type PgliteWorkerCall =
  | { op: 'query'; sql: string; params: readonly PgliteParam[] }
  | { op: 'exec'; sql: string }
  | { op: 'prepared'; sql: string; params: readonly PgliteParam[]; syncToFs: boolean }
  | { op: 'close' };

/** A call numbered so its answer finds its caller. */
export type PgliteWorkerRequest = PgliteWorkerCall & { id: number };

/** An error as it crosses threads: name, message and its string fields (`code`, `constraint`, …). */
export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, string>;
}

export type PgliteWorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedError };
