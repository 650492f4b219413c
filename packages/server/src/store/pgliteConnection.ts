import { mkdir } from 'node:fs/promises';
import { parse as pgliteResults, PGlite, protocol } from '@electric-sql/pglite';

/** A parameter as the store writes it (`$1`-style placeholders with explicit casts). */
export type PgliteParam = string | number | boolean | null | readonly (string | null)[];

/**
 * The few operations the PGlite client (sqlClient.ts) needs from one PGlite database, whether it runs
 * on this thread or in a worker thread (pgliteWorkerConnection.ts). Each call is one statement or
 * script; BEGIN … COMMIT is the caller's, which also keeps calls from different units apart.
 */
export interface PgliteConnection {
  /** One statement, parsed and planned on every call (for statements run rarely). */
  query<Row>(sql: string, params: readonly PgliteParam[]): Promise<Row[]>;
  /** A script of statements without parameters; the command tag of each (COMMIT answers ROLLBACK when aborted). */
  exec(sql: string): Promise<(string | undefined)[]>;
  /**
   * One statement as a named prepared statement: parsed and described on first use, then one
   * Bind + Execute + Sync. `syncToFs: false` inside a transaction, whose COMMIT syncs.
   */
  prepared<Row>(sql: string, params: readonly PgliteParam[], options: { syncToFs: boolean }): Promise<Row[]>;
  close(): Promise<void>;
}

/** A parameter as the extended protocol carries it: text, or NULL. */
function toText(param: PgliteParam): string | null {
  if (param === null || typeof param === 'string') return param;
  if (typeof param === 'number') return String(param);
  if (typeof param === 'boolean') return param ? 't' : 'f';
  // A text[] literal: every element quoted, `"` and `\` escaped; an unquoted NULL is SQL NULL.
  return `{${param.map((item) => (item === null ? 'NULL' : `"${item.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

type BackendMessages = Parameters<typeof pgliteResults.parseResults>[0];

/**
 * PGlite's `query` parses and plans its SQL on every call (six protocol round trips into the WASM
 * module); for a statement run thousands of times (the append of `messages:send`) that was most of
 * its cost. This keeps it as a named prepared statement: the first run parses and describes it,
 * every run after is one Bind + Execute + Sync, on a plan PostgreSQL caches.
 */
function createPreparedStatements(db: PGlite) {
  const { serialize } = protocol;
  const prepared = new Map<string, { name: string; rowDescription: BackendMessages[number] | undefined }>();

  async function prepare(sql: string) {
    let statement = prepared.get(sql);
    if (!statement) {
      const name = `parley_${prepared.size + 1}`;
      const { messages } = await db.execProtocol(
        concatBytes([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]),
        { syncToFs: false },
      );
      statement = { name, rowDescription: messages.find((message) => message.name === 'rowDescription') };
      prepared.set(sql, statement);
    }
    return statement;
  }

  return async function runPrepared<Row>(sql: string, params: readonly PgliteParam[], options: { syncToFs: boolean }): Promise<Row[]> {
    const { name, rowDescription } = await prepare(sql);
    const { messages } = await db.execProtocol(
      concatBytes([serialize.bind({ statement: name, values: params.map(toText) }), serialize.execute({}), serialize.sync()]),
      options,
    );
    // The row description came with the Describe at prepare time; the results parser wants it first.
    const [result] = pgliteResults.parseResults(rowDescription ? [rowDescription, ...messages] : messages, db.parsers);
    return (result?.rows ?? []) as Row[];
  };
}

/** PGlite on disk in `dataDir` (created when missing), run on the calling thread. */
export async function openPgliteInThread(dataDir: string): Promise<PgliteConnection> {
  await mkdir(dataDir, { recursive: true }); // PGlite makes only the last level
  const db = await PGlite.create(dataDir);
  const runPrepared = createPreparedStatements(db);
  return {
    query: async <Row>(sql: string, params: readonly PgliteParam[]) => (await db.query<Row>(sql, [...params])).rows,
    exec: async (sql) => (await db.exec(sql)).map((result) => result.command),
    // execProtocol takes no lock of its own: PGlite's query lock keeps it from interleaving with a query.
    prepared: (sql, params, options) => db.runExclusive(() => runPrepared(sql, params, options)),
    close: () => db.close(),
  };
}
