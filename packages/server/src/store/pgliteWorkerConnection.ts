import { Worker } from 'node:worker_threads';
import type { PgliteConnection, PgliteParam } from './pgliteConnection';
import type { PgliteWorkerCall, PgliteWorkerData, PgliteWorkerReply, PgliteWorkerRequest, SerializedError } from './pgliteWorkerProtocol';

/**
 * An error PGlite raised in the worker, rebuilt on this thread with the fields it carried (`code`,
 * `constraint`, `detail`, …), so the store reads it as it reads PGlite's own.
 */
export class PgliteWorkerQueryError extends Error {
  readonly code?: string;
  readonly constraint?: string;

  constructor({ name, message, fields }: SerializedError) {
    super(message);
    Object.assign(this, fields);
    this.name = name;
  }
}

/**
 * The worker thread ended (crashed, or was closed) while a call was in flight or after: what the
 * store reports as the database being unavailable (SQLSTATE class 08, see connectionErrors.ts).
 */
export class PgliteWorkerGoneError extends Error {
  override readonly name = 'PgliteWorkerGoneError';
  readonly code = '08006'; // connection_failure
}

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * Starts the worker: the built file next to this module, or, run from the TypeScript source (the
 * workspace, tests, benchmarks), the `.ts` entry through tsx, whose loader a worker does not inherit.
 */
function startWorker(data: PgliteWorkerData): Worker {
  const options = { workerData: data, stdout: false, stderr: false };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./pgliteWorker.js', import.meta.url), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./pgliteWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * PGlite on disk in `dataDir`, run in a worker thread so its WASM and JS leave the socket thread. Each
 * call is a message to the worker and its answer; a call resolves only once the worker's PGlite has
 * returned (so a COMMIT's answer means it is on disk, as on this thread).
 *
 * The worker does not keep the process alive while idle (a server that ends without closing the
 * store still exits); while a call is in flight it does, as a pending query on this thread would.
 */
export async function openPgliteInWorker(dataDir: string): Promise<PgliteConnection> {
  const worker = startWorker({ dataDir });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let gone: PgliteWorkerGoneError | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      gone ??= new PgliteWorkerGoneError('the PGlite worker thread ended', { cause: error });
      reject(error instanceof Error ? error : gone);
      for (const { reject: rejectCall } of pending.values()) rejectCall(gone);
      pending.clear();
    };
    worker.on('message', (reply: PgliteWorkerReply) => {
      if (reply.type === 'ready') return resolve();
      if (reply.type === 'failed') return fail(new PgliteWorkerQueryError(reply.error));
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (reply.type === 'result') call.resolve(reply.value);
      else call.reject(new PgliteWorkerQueryError(reply.error));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PGlite worker thread exited with code ${code}`)));
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.unref();

  function call<T>(request: PgliteWorkerCall): Promise<T> {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id } satisfies PgliteWorkerRequest);
    });
  }

  return {
    query: <Row>(sql: string, params: readonly PgliteParam[]) => call<Row[]>({ op: 'query', sql, params }),
    exec: (sql) => call<(string | undefined)[]>({ op: 'exec', sql }),
    prepared: <Row>(sql: string, params: readonly PgliteParam[], { syncToFs }: { syncToFs: boolean }) =>
      call<Row[]>({ op: 'prepared', sql, params, syncToFs }),
    async close() {
      if (gone) return;
      try {
        await call<void>({ op: 'close' });
      } finally {
        // Closed (or failing to close): either way the thread must not outlive the store.
        await worker.terminate();
      }
    },
  };
}
