import { migrate } from './migrations';
import type { SqlClient } from './sqlClient';
import { createPgliteClient, createPostgresClient } from './sqlClient';
import type { SqlStore } from './sqlStore';
import { createSqlStore } from './sqlStore';

export type SqlStoreOptions =
  /**
   * PGlite persisted in this directory (created when missing); the caller resolves the default.
   * `pgliteWorker: false` runs PGlite on the calling thread instead of a worker thread. The folder
   * is locked while the store is open: a second opener gets a `DataDirLockedError` (`data_dir_locked`).
   */
  | { dataDir: string; pgliteWorker?: boolean; lockStaleMs?: number }
  /** PostgreSQL, e.g. `postgres://user:pass@host:5432/parley`; `appendLanes`: see `SqlStoreSettings`. */
  | { databaseUrl: string; poolSize?: number; appendLanes?: number };

/** Connects, brings the schema up to date, and returns the store; its `close()` closes the connection. */
export async function openSqlStore(options: SqlStoreOptions): Promise<SqlStore> {
  const client: SqlClient =
    'databaseUrl' in options
      ? createPostgresClient({
          connectionString: options.databaseUrl,
          ...(options.poolSize !== undefined && { poolSize: options.poolSize }),
        })
      : await createPgliteClient(options.dataDir, {
          ...(options.pgliteWorker !== undefined && { worker: options.pgliteWorker }),
          ...(options.lockStaleMs !== undefined && { lockStaleMs: options.lockStaleMs }),
        });
  try {
    await migrate(client);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  // PostgreSQL's options carry its store settings (`appendLanes`); PGlite has none.
  return createSqlStore(client, 'databaseUrl' in options ? options : {});
}
