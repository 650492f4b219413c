// Throwaway databases for tests (imported only by test files). PostgreSQL is required, never
// skipped: a missing server fails the suite with a message that says how to point it elsewhere.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { migrate } from './migrations';
import type { SqlClient } from './sqlClient';
import { createPgliteClient, createPostgresClient } from './sqlClient';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory (test/pgliteTemplate.globalSetup.ts), copied by `createPgliteDataDir`. */
    pgliteTemplate: string;
  }
}

/** An admin connection that may CREATE and DROP databases. */
export const postgresAdminUrl = process.env.PARLEY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Throwaway<T> {
  value: T;
  remove(): Promise<void>;
}

export async function createTempDataDir(prefix = 'parley-store-'): Promise<Throwaway<string>> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { value: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A PGlite data directory as a first start leaves it (initdb, migrations), copied from the run's
 * template (test/pgliteTemplate.globalSetup.ts): a copy costs about a third of a first start's CPU.
 * Without a template (a project that provides none, or outside vitest) the directory is empty, for
 * the store to make.
 */
export async function createPgliteDataDir(prefix = 'parley-store-'): Promise<Throwaway<string>> {
  const dir = await createTempDataDir(prefix);
  // Outside a vitest run (the benchmarks start e2e servers too) there is no provided context to ask.
  const template = process.env.VITEST ? inject('pgliteTemplate') : undefined;
  if (template) await cp(template, dir.value, { recursive: true });
  return dir;
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is needed for these tests and is not reachable at ${postgresAdminUrl} ` +
        `(set PARLEY_TEST_POSTGRES_URL to an admin connection that may create databases): ${String(error)}`,
      { cause: error },
    );
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database `parley_test_<random>` on the test PostgreSQL; `value` is its connection URL.
 * `remove()` drops it (WITH (FORCE) ends connections a failed test left open), so a reused server
 * does not collect them.
 */
export async function createThrowawayPostgres(): Promise<Throwaway<string>> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    value: url.toString(),
    remove: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Empties every store table (not the migration record), so one migrated database serves many tests. */
export async function truncateStore(client: SqlClient): Promise<void> {
  // DELETE, not TRUNCATE: on a few rows it is several times faster (TRUNCATE swaps files and syncs).
  const tables = ['users', 'agent_profiles', 'agent_credentials', 'chats', 'offers', 'messages', 'read_state', 'outbox', 'webhooks', 'event_journal'];
  await client.exec(tables.map((table) => `DELETE FROM ${table};`).join('\n'));
}

/** The client, with a `close()` that leaves it open: for stores that share one client across tests. */
export function sharedClient(client: SqlClient): SqlClient {
  return { ...client, close: async () => undefined };
}

/**
 * Registers hooks that open a migrated client — PGlite in a fresh directory, or PostgreSQL on a
 * throwaway database — before the suite's tests and close and remove it after; returns its getter.
 */
export function useMigratedClient(kind: 'PGlite' | 'PostgreSQL', options: { poolSize?: number } = {}): () => SqlClient {
  let place: Throwaway<string> | undefined;
  let client: SqlClient | undefined;
  beforeAll(async () => {
    if (kind === 'PGlite') {
      place = await createPgliteDataDir();
      client = await createPgliteClient(place.value);
    } else {
      place = await createThrowawayPostgres();
      client = createPostgresClient({ connectionString: place.value, ...(options.poolSize !== undefined && { poolSize: options.poolSize }) });
    }
    await migrate(client);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await place?.remove();
  });
  return () => {
    if (!client) throw new Error('the migrated client is only available inside tests');
    return client;
  };
}
