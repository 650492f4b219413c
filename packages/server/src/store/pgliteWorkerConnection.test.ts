import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectionError } from './connectionErrors';
import type { PgliteConnection } from './pgliteConnection';
import { openPgliteInWorker, PgliteWorkerGoneError, PgliteWorkerQueryError } from './pgliteWorkerConnection';
import type { Throwaway } from './testDatabases';
import { createTempDataDir } from './testDatabases';

describe('PGlite in a worker thread', () => {
  let dir: Throwaway<string>;
  let db: PgliteConnection;
  beforeAll(async () => {
    dir = await createTempDataDir('parley-worker-');
    db = await openPgliteInWorker(dir.value);
    await db.exec('CREATE TABLE notes (id text PRIMARY KEY, body text)');
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await dir.remove();
  });

  it('answers queries, scripts and prepared statements with rows and command tags', async () => {
    expect(await db.exec('INSERT INTO notes VALUES ($$a$$, $$first$$); SELECT 1')).toEqual(['INSERT', 'SELECT']);
    const insert = 'INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id, body';
    expect(await db.prepared(insert, ['b', 'second'], { syncToFs: true })).toEqual([{ id: 'b', body: 'second' }]);
    expect(await db.prepared(insert, ['c', null], { syncToFs: true })).toEqual([{ id: 'c', body: null }]);
    expect(await db.query('SELECT id FROM notes WHERE id = ANY($1::text[]) ORDER BY id', [['a', 'c']])).toEqual([{ id: 'a' }, { id: 'c' }]);
  });

  it('rejects a failed statement with the SQLSTATE and constraint PGlite gave it', async () => {
    const error: unknown = await db.query('INSERT INTO notes (id) VALUES ($1)', ['a']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PgliteWorkerQueryError);
    expect(error).toMatchObject({ code: '23505', constraint: 'notes_pkey', message: expect.stringContaining('duplicate key') });
    expect(isConnectionError(error)).toBe(false);
  });

  it('fails to open a data directory PGlite cannot use', async () => {
    const file = join(dir.value, 'not-a-directory');
    await writeFile(file, 'x');
    await expect(openPgliteInWorker(join(file, 'data'))).rejects.toThrow();
  });
});

describe('closing PGlite in a worker thread', () => {
  it('ends the thread: later calls fail as a lost connection', async () => {
    const dir = await createTempDataDir('parley-worker-');
    try {
      const db = await openPgliteInWorker(dir.value);
      await db.exec('CREATE TABLE notes (id text PRIMARY KEY)');
      await db.close();
      const error: unknown = await db.query('SELECT 1', []).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PgliteWorkerGoneError);
      expect(isConnectionError(error)).toBe(true);
      // Reopened on the same directory, what was committed before the close is there.
      const again = await openPgliteInWorker(dir.value);
      expect(await again.query("SELECT to_regclass('notes')::text AS name", [])).toEqual([{ name: 'notes' }]);
      await again.close();
    } finally {
      await dir.remove();
    }
  }, 120_000); // two PGlite start-ups on a loaded machine

  it('neither keeps a process alive that never closed it, nor lets it exit while a call is in flight', async () => {
    const dir = await createTempDataDir('parley-worker-');
    try {
      const module = fileURLToPath(new URL('./pgliteWorkerConnection.ts', import.meta.url));
      // No close(): the process must still end by itself, and only after the query answered.
      const script = `
        const { openPgliteInWorker } = await import(${JSON.stringify(module)});
        const db = await openPgliteInWorker(${JSON.stringify(dir.value)});
        const rows = await db.query("SELECT 'answered' AS said", []);
        process.stdout.write(rows[0].said);`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
        timeout: 120_000, // a hung process is killed, and the test fails
      });
      expect(stdout).toBe('answered');
    } finally {
      await dir.remove();
    }
  }, 150_000); // a Node process with tsx and a PGlite start-up, on a loaded machine
});
