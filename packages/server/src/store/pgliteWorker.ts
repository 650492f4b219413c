// Entry of the worker thread that runs PGlite off the socket thread (pgliteWorkerConnection.ts starts
// it). It opens the data directory given as workerData, says `ready` (or `failed`), then answers each
// request with its id; after `close` it closes the database and lets the thread end.
import { parentPort, workerData } from 'node:worker_threads';
import type { PgliteConnection } from './pgliteConnection';
import { openPgliteInThread } from './pgliteConnection';
import type { PgliteWorkerData, PgliteWorkerReply, PgliteWorkerRequest, SerializedError } from './pgliteWorkerProtocol';

/**
 * What crosses the thread boundary of an error: its name, message and the string fields PostgreSQL
 * errors carry (`code` is what the store and connectionErrors.ts read). Structured cloning of an
 * Error would keep only name and message.
 */
function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(error)) if (typeof value === 'string') fields[key] = value;
  return { name: error.name, message: error.message, fields };
}

async function serve(port: NonNullable<typeof parentPort>, { dataDir }: PgliteWorkerData): Promise<void> {
  let connection: PgliteConnection;
  try {
    connection = await openPgliteInThread(dataDir);
  } catch (error) {
    port.postMessage({ type: 'failed', error: serializeError(error) } satisfies PgliteWorkerReply);
    port.close();
    return;
  }
  port.on('message', (request: PgliteWorkerRequest) => {
    const answer = async (): Promise<unknown> => {
      switch (request.op) {
        case 'query':
          return connection.query(request.sql, request.params);
        case 'exec':
          return connection.exec(request.sql);
        case 'prepared':
          return connection.prepared(request.sql, request.params, { syncToFs: request.syncToFs });
        case 'close':
          return connection.close();
      }
    };
    answer().then(
      (value) => {
        port.postMessage({ type: 'result', id: request.id, value } satisfies PgliteWorkerReply);
        // Closed: nothing is left to answer, and an open port would keep the thread alive.
        if (request.op === 'close') port.close();
      },
      (error: unknown) => port.postMessage({ type: 'error', id: request.id, error: serializeError(error) } satisfies PgliteWorkerReply),
    );
  });
  port.postMessage({ type: 'ready' } satisfies PgliteWorkerReply);
}

if (!parentPort) throw new Error('pgliteWorker.ts runs as a worker thread (see pgliteWorkerConnection.ts)');
void serve(parentPort, workerData as PgliteWorkerData);
