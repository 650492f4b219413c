import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { SqlClient } from './sqlClient';
import { createPgliteClient, createPostgresClient } from './sqlClient';
import { createTempDataDir, createThrowawayPostgres, postgresAdminUrl, truncateStore, useMigratedClient } from './testDatabases';
import type { Throwaway } from './testDatabases';

describe.each([
  ['in a worker thread', true],
  ['on the calling thread', false],
] as const)('PGlite group commit %s', (_where, worker) => {
  let dir: Throwaway<string>;
  let client: SqlClient;
  beforeAll(async () => {
    dir = await createTempDataDir('parley-group-');
    client = await createPgliteClient(dir.value, { worker });
    await client.exec('CREATE TABLE notes (id text PRIMARY KEY)');
  });
  afterAll(async () => {
    await client.close();
    await dir.remove();
  });

  const insert = (id: string) => (tx: Parameters<Parameters<SqlClient['transaction']>[0]>[0]) => tx.query('INSERT INTO notes (id) VALUES ($1) RETURNING id', [id]);
  const ids = async () => (await client.query<{ id: string }>('SELECT id FROM notes ORDER BY id')).map((row) => row.id);

  it('rolls back only the unit that throws when units are committed together', async () => {
    await client.exec('DELETE FROM notes');
    const results = await Promise.allSettled([
      client.transaction(insert('a')),
      client.transaction(async (tx) => {
        await insert('b')(tx);
        throw new Error('unit b fails after writing');
      }),
      client.transaction(insert('c')),
      client.transaction(insert('a')), // duplicate key: a database error inside a group
      client.transaction(insert('d')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual(['a', 'c', 'd']);
  });

  it('runs single statements in a group without savepoints, and reruns the group when one of them fails', async () => {
    await client.exec('DELETE FROM notes');
    let runsOfB = 0;
    const statement = (id: string) => client.statement('INSERT INTO notes (id) VALUES ($1) RETURNING id', [id]);
    const results = await Promise.allSettled([
      client.transaction(insert('a')), // runs alone; the rest queue behind it and form one group
      client.transaction(async (tx) => {
        runsOfB++;
        return insert('b')(tx);
      }),
      statement('c'),
      statement('a'), // duplicate key: aborts the group's transaction, which then runs again with savepoints
      statement('d'),
      client.transaction(async (tx) => {
        await insert('e')(tx);
        throw new Error('unit e fails after writing');
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await ids()).toEqual(['a', 'b', 'c', 'd']);
    expect(runsOfB).toBe(2);
    // Alone, a statement commits by itself.
    expect(await statement('f')).toEqual([{ id: 'f' }]);
    await expect(statement('f')).rejects.toThrow();
    expect(await ids()).toEqual(['a', 'b', 'c', 'd', 'f']);
  });

  it('resolves no unit of a group before the whole group has committed', async () => {
    await client.exec('DELETE FROM notes');
    const order: string[] = [];
    let releaseLast!: () => void;
    const lastMayFinish = new Promise<void>((resolve) => (releaseLast = resolve));
    // The first unit runs alone (nothing else is queued yet); the next two queue behind it and share a commit.
    const first = client.transaction(async (tx) => {
      await insert('first')(tx);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const early = client.transaction(insert('early')).then(() => order.push('early resolved'));
    const late = client.transaction(async (tx) => {
      await lastMayFinish;
      order.push('late finished its work');
      return insert('late')(tx);
    });
    await first;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]); // early's work is done, but its group has not committed
    releaseLast();
    await Promise.all([early, late]);
    expect(order).toEqual(['late finished its work', 'early resolved']);
    expect(await ids()).toEqual(['early', 'first', 'late']);
  });
});

describe.each(['PGlite', 'PostgreSQL'] as const)('statement() on %s', (kind) => {
  const db = useMigratedClient(kind);

  it('binds every kind of parameter and returns typed rows, run after run (a prepared statement)', async () => {
    const sql = `SELECT $1::text AS text, $2::int AS number, $3::boolean AS flag, $4::text AS nothing, $5::text[] AS list,
                   cardinality($5::text[]) AS items`;
    const tricky = ['plain', 'with "quotes"', 'back\\slash', "it's", '{braces},comma', ''];
    for (let run = 0; run < 3; run++) {
      expect(await db().statement(sql, [`run ${run}`, run, run % 2 === 0, null, tricky])).toStrictEqual([
        { text: `run ${run}`, number: run, flag: run % 2 === 0, nothing: null, list: tricky, items: tricky.length },
      ]);
    }
  });

  it('commits by itself, and a statement that fails changes nothing', async () => {
    await truncateStore(db());
    const insert = `INSERT INTO read_state (chat_id, user_id, seq) SELECT $1, $2, n FROM unnest($3::int[]) AS n RETURNING seq`;
    expect(await db().statement(insert, ['c1', 'u1', ['1']])).toEqual([{ seq: 1 }]);
    // The second row breaks the primary key: neither row stays.
    await expect(db().statement(insert, ['c1', 'u2', ['1', '2']])).rejects.toMatchObject({ code: '23505' });
    expect(await db().query('SELECT chat_id, user_id, seq FROM read_state')).toEqual([{ chat_id: 'c1', user_id: 'u1', seq: 1 }]);
  });
});

describe('PostgreSQL backends terminated under load', () => {
  let database: Throwaway<string>;
  let client: SqlClient;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await createThrowawayPostgres();
    client = createPostgresClient({ connectionString: database.value, poolSize: 4 });
    await client.exec('CREATE TABLE notes (id serial PRIMARY KEY, body text)');
    admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await client.close();
    await database.remove();
  });

  // A unit waiting for a pooled connection is handed the one a finishing unit frees, from inside the
  // `pg` parser's handling of ReadyForQuery; a FATAL (pg_terminate_backend) in the same read was
  // emitted before the unit could listen, and an 'error' with no listener ended the process.
  it('keeps the process up: every unit either commits or fails, and the client works afterwards', async () => {
    const { name } = (await admin.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!;
    const databaseName = new URL(database.value).pathname.slice(1);
    expect(name).not.toBe(databaseName);
    let running = true;
    const terminator = (async () => {
      while (running) {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [databaseName]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const outcomes = { committed: 0, failed: 0 };
    const worker = async () => {
      for (let unit = 0; unit < 20; unit++) {
        try {
          await client.transaction((tx) => tx.query('INSERT INTO notes (body) VALUES ($1)', [`unit ${unit}`]));
          outcomes.committed += 1;
        } catch {
          outcomes.failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    running = false;
    await terminator;
    expect(outcomes.committed + outcomes.failed).toBe(16 * 20);
    expect(outcomes.failed).toBeGreaterThan(0);
    const [row] = await client.query<{ count: string }>('SELECT count(*) AS count FROM notes');
    expect(Number(row?.count)).toBeGreaterThanOrEqual(outcomes.committed);
  });
});
