import { TransactionAbortedError } from '@electric-sql/pglite';
import pg from 'pg';
import { isConnectionError } from './connectionErrors';
import type { PgliteConnection, PgliteParam } from './pgliteConnection';
import { lockDataDir } from './dataDirLock';
import { openPgliteInThread } from './pgliteConnection';
import { openPgliteInWorker } from './pgliteWorkerConnection';

/** What a parameter may be: the SQL is written with `$1`-style placeholders and explicit casts. */
export type SqlParam = PgliteParam;

/** Runs one statement. Inside a transaction it runs on the transaction's connection. */
export interface SqlExecutor {
  query<Row>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The little the store needs from a database: statements, units of work, and an end. Both
 * implementations speak the same PostgreSQL dialect, so the store has one set of SQL.
 */
export interface SqlClient extends SqlExecutor {
  readonly dialect: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. On
   * PostgreSQL the whole unit may run again after a serialization failure or a deadlock, so `work`
   * must not have effects outside the transaction before it resolves.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs one statement as a unit of work of its own: atomic (a statement that fails changes
   * nothing) and durable when it resolves. The cheapest write there is: on PostgreSQL one round
   * trip without BEGIN and COMMIT; on PGlite it shares the group commit without a savepoint. It runs
   * once (no retry): the caller decides what a failure means.
   */
  statement<Row>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * Thrown by the store when a row it was about to insert exists although the unit did not see it a
 * moment earlier: under READ COMMITTED that means a concurrent unit committed it in between, so the
 * unit's decisions rest on stale reads. Like a serialization failure, the cure is to run the unit
 * again; PostgreSQL transactions retry it. (On PGlite and in memory it can only be a real bug.)
 */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** Units committed together at most, on PGlite. */
const maxGroupCommit = 64;

interface QueuedUnit {
  work: (tx: SqlExecutor) => Promise<unknown>;
  /** A single statement (`SqlClient.statement`): atomic by itself, so it needs no savepoint. */
  single: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Aborts a group whose savepoint-less statement failed (the transaction is unusable after it). */
class GroupAborted extends Error {}

/**
 * Runs calls one at a time, in the order they came: PGlite is one connection, so a unit's BEGIN …
 * COMMIT must not interleave with a statement from outside it.
 */
function createSerialLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return function exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = tail.then(run);
    tail = result.catch(() => undefined);
    return result;
  };
}

export interface PgliteClientOptions {
  /**
   * Run PGlite in a worker thread (default), so its WASM and JS do not compete with the sockets for
   * the server's thread; `false` runs it on the calling thread.
   */
  worker?: boolean;
  /** How old an unrefreshed lock on `dataDir` must be to count as abandoned (see dataDirLock.ts). */
  lockStaleMs?: number;
}

/**
 * PGlite: embedded PostgreSQL (WASM) on disk. It is a single connection in single-user mode, so
 * there is no pool and no concurrency: units run one after another, locks never wait and units never
 * need a retry.
 *
 * Group commit: units that queue up while one runs are committed together, each inside its own
 * savepoint (a unit that throws is rolled back alone). A unit resolves only after the shared COMMIT,
 * so nothing is acknowledged before it is durable. Measured: ~2× the units per second of one
 * transaction each, because the commit is PGlite's dearest step. Single statements
 * (`statement`, the hot path of `messages:send`) run without a savepoint, saving two statements
 * each; should one fail, the transaction is aborted, so the group is rolled back and run again
 * with a savepoint around every unit (units may run again: see `SqlClient.transaction`).
 */
export async function createPgliteClient(dataDir: string, options: PgliteClientOptions = {}): Promise<SqlClient> {
  // Held from before PGlite opens the folder until after it closed it: a second opener would corrupt it.
  const lock = await lockDataDir(dataDir, { ...(options.lockStaleMs !== undefined && { staleMs: options.lockStaleMs }) });
  let db: PgliteConnection;
  try {
    db = options.worker === false ? await openPgliteInThread(dataDir) : await openPgliteInWorker(dataDir);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const exclusive = createSerialLock();
  const executor: SqlExecutor = {
    query: (sql, params) => db.query(sql, params ?? []),
    exec: async (sql) => {
      await db.exec(sql);
    },
  };
  const queue: QueuedUnit[] = [];
  let draining = false;

  /** BEGIN, `work`, COMMIT; ROLLBACK when `work` throws. */
  async function inTransaction(work: () => Promise<void>): Promise<void> {
    await db.exec('BEGIN');
    try {
      await work();
    } catch (error) {
      await db.exec('ROLLBACK');
      throw error;
    }
    const tags = await db.exec('COMMIT');
    // COMMIT of a transaction aborted by an error nobody saw: nothing was committed.
    if (tags.at(-1) === 'ROLLBACK') throw new TransactionAbortedError();
  }

  async function commitGroup(group: QueuedUnit[], savepointEvery = false): Promise<void> {
    type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
    const outcomes: Outcome[] = [];
    if (group.length === 1 && group[0]!.single) {
      // A lone statement commits by itself (autocommit): no BEGIN and COMMIT around it.
      const [unit] = group as [QueuedUnit];
      const autocommit: SqlExecutor = { ...executor, query: (sql, params) => db.prepared(sql, params ?? [], { syncToFs: true }) };
      await exclusive(() => unit.work(autocommit)).then(unit.resolve, unit.reject);
      return;
    }
    try {
      await exclusive(() =>
        inTransaction(async () => {
          if (group.length === 1) {
            // Alone: the transaction itself is the unit (a throw rolls it back), no savepoint needed.
            outcomes.push({ ok: true, value: await group[0]!.work(executor) });
            return;
          }
          // Inside the transaction: its COMMIT syncs to disk.
          const statementExecutor: SqlExecutor = { ...executor, query: (sql, params) => db.prepared(sql, params ?? [], { syncToFs: false }) };
          for (const unit of group) {
            if (unit.single && !savepointEvery) {
              try {
                outcomes.push({ ok: true, value: await unit.work(statementExecutor) });
              } catch (error) {
                throw new GroupAborted('a statement failed inside a group', { cause: error });
              }
              continue;
            }
            await db.exec('SAVEPOINT parley_unit');
            try {
              const value = await unit.work(executor);
              await db.exec('RELEASE SAVEPOINT parley_unit');
              outcomes.push({ ok: true, value });
            } catch (error) {
              await db.exec('ROLLBACK TO SAVEPOINT parley_unit; RELEASE SAVEPOINT parley_unit');
              outcomes.push({ ok: false, error });
            }
          }
        }),
      );
    } catch (error) {
      if (error instanceof GroupAborted) return commitGroup(group, true);
      // The commit (or a lone unit) failed: nothing of the group is durable.
      for (const unit of group) unit.reject(error);
      return;
    }
    group.forEach((unit, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) await commitGroup(queue.splice(0, maxGroupCommit));
    } finally {
      draining = false;
    }
  }

  function enqueue<T>(work: (tx: SqlExecutor) => Promise<T>, single: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ work, single, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
  }

  return {
    dialect: 'pglite',
    query: (sql, params) => exclusive(() => executor.query(sql, params)),
    exec: (sql) => exclusive(() => executor.exec(sql)),
    transaction: (work) => enqueue(work, false),
    statement: (sql, params) => enqueue((tx) => tx.query(sql, params), true),
    // After what is running or waiting for the connection.
    close: () => exclusive(() => db.close().finally(() => lock.release())),
  };
}

export interface PostgresClientOptions {
  connectionString: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Attempts of a unit that keeps failing with a retryable error (default 5). */
  maxAttempts?: number;
}

/** SQLSTATEs after which running the unit again can succeed. */
const retryableCodes = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected: PostgreSQL aborted us to break a lock cycle
]);

/** A unit whose connection died before COMMIT: it changed nothing, and runs again once. */
class ConnectionLostError extends Error {
  override readonly name = 'ConnectionLostError';
}

function isRetryable(error: unknown, attempts: number): boolean {
  if (error instanceof ConflictError) return true;
  if (error instanceof ConnectionLostError) return attempts < 2;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableCodes.has(code);
}

/**
 * PostgreSQL through a `pg` pool. A transaction holds one pooled connection from BEGIN to COMMIT
 * (READ COMMITTED; the store's row locks do the isolating), and a unit aborted by a deadlock or a
 * serialization failure runs again from the start, after a short random pause so the contenders
 * do not collide again in lockstep.
 */
export function createPostgresClient(options: PostgresClientOptions): SqlClient {
  // No connectionTimeoutMillis: pg-pool applies it to waiting for a free connection too, so a burst
  // of units queued behind a busy pool failed as "timeout exceeded when trying to connect".
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  // An idle connection that dies (server restart, network) emits here; without a listener it would
  // crash the process. The next checkout gets a fresh connection.
  pool.on('error', () => undefined);
  // And one listener on every connection for its whole life: pg-pool takes its own off a checked-out
  // connection, and hands a freed connection to a waiting `connect()` from inside the parser's
  // handling of ReadyForQuery — a FATAL in the same read (pg_terminate_backend, a restart) is then
  // emitted before the unit that gets it can listen (`attempt` below), and an 'error' event with no
  // listener ends the process. The unit's next query fails anyway, and the connection is dropped.
  pool.on('connect', (connection) => connection.on('error', () => undefined));
  const maxAttempts = options.maxAttempts ?? 5;
  const statementNames = new Map<string, string>();

  async function run<Row>(executor: pg.Pool | pg.PoolClient, sql: string, params?: readonly SqlParam[]) {
    const result = await executor.query(sql, params ? [...params] : undefined);
    return result.rows as Row[];
  }
  // Without parameters pg uses the simple query protocol, which accepts several statements.
  async function exec(executor: pg.Pool | pg.PoolClient, sql: string) {
    await executor.query(sql);
  }

  async function attempt<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await pool.connect();
    // pg-pool takes its own error listener off a client while it is checked out, and this unit holds
    // it across awaits: a backend terminated meanwhile (pg_terminate_backend, a restart) would emit
    // 'error' with no listener, which ends the process. The failing query rejects anyway.
    let lost: unknown;
    const onError = (error: unknown) => (lost = error);
    connection.on('error', onError);
    let broken = false;
    let committing = false;
    try {
      await connection.query('BEGIN');
      const value = await work({
        query: (sql, params) => run(connection, sql, params),
        exec: (sql) => exec(connection, sql),
      });
      committing = true;
      await connection.query('COMMIT');
      return value;
    } catch (error) {
      try {
        if (lost !== undefined) throw lost;
        await connection.query('ROLLBACK');
      } catch {
        broken = true; // the connection is unusable: drop it rather than return it to the pool
      }
      // Lost before COMMIT was sent: nothing was committed, so the unit may run again on a fresh
      // connection. Lost during COMMIT the outcome is unknown, and the caller must hear the failure.
      if (!committing && isConnectionError(error)) throw new ConnectionLostError('the connection was lost mid-unit', { cause: error });
      throw error;
    } finally {
      // A broken connection keeps the listener: it is being closed, and may still emit.
      if (!broken) connection.off('error', onError);
      connection.release(broken);
    }
  }

  return {
    dialect: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: (sql) => exec(pool, sql),
    async transaction(work) {
      for (let attempts = 1; ; attempts++) {
        try {
          return await attempt(work);
        } catch (error) {
          if (attempts >= maxAttempts || !isRetryable(error, attempts)) throw error instanceof ConnectionLostError ? error.cause : error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempts));
        }
      }
    },
    // Outside BEGIN … COMMIT a statement is its own transaction (autocommit): one round trip. Named,
    // so each connection parses and plans it once (pg prepares it on first use per connection).
    async statement<Row>(sql: string, params?: readonly SqlParam[]) {
      let name = statementNames.get(sql);
      if (name === undefined) {
        name = `parley_${statementNames.size + 1}`;
        statementNames.set(sql, name);
      }
      const result = await pool.query({ name, text: sql, values: params ? [...params] : [] });
      return result.rows as Row[];
    },
    close: () => pool.end(),
  };
}
