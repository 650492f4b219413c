// Records search (issue 17): how fast agents find closed chats. Seeds N closed chats (default 10,000,
// five messages each, a quarter rated) into a fresh store — PGlite in a temporary directory and a
// throwaway PostgreSQL database — and times the queries the console's records view sends through
// `store.records.search`: full-text words (a rare word, a common one, a phrase with and without a
// room, a word with a negated one), filters alone, and both.
// The bound is reported, never asserted: p95 per query at 10,000 chats, goal ≤ 200 ms on both stores.
// A harness check fails the run when a query finds other chats than were seeded to match it.
import { performance } from 'node:perf_hooks';
import { migrate } from '../../packages/server/src/store/migrations';
import type { SqlClient } from '../../packages/server/src/store/sqlClient';
import { createPgliteClient, createPostgresClient } from '../../packages/server/src/store/sqlClient';
import { createSqlStore } from '../../packages/server/src/store/sqlStore';
import type { RecordsQuery } from '../../packages/server/src/store/recordsTable';
import type { SqlStore } from '../../packages/server/src/store/sqlStore';
import { createTempDataDir, createThrowawayPostgres } from '../../packages/server/src/store/testDatabases';
import type { Throwaway } from '../../packages/server/src/store/testDatabases';
import { fmt, table } from '../lib/stats';
import type { Suite, SuiteOptions, SuiteReport } from '../lib/suite';

const goalMs = 200;
const rooms = ['support', 'sales', 'billing', 'tech'];
const words = ['parcel', 'invoice', 'refund', 'password', 'delivery', 'account', 'discount', 'warranty'];

interface Case {
  name: string;
  query: Omit<RecordsQuery, 'rooms'>;
  /** How many chats the seed makes match (with `limit` applied), for the harness check. */
  expected: (chats: number) => number;
}

function cases(chats: number): Case[] {
  // Chat i: room rooms[i % 4], agent agent-(i % 10), rating (i % 4 === 0 ? 1 + (i % 5) : none),
  // closed at day i % 365; message 3 of every 1,000th chat holds the rare word "zanzibar".
  const rareMatches = Math.ceil(chats / 1000);
  return [
    { name: 'rare word', query: { words: 'zanzibar', limit: 50 }, expected: () => Math.min(50, rareMatches) },
    { name: 'common word', query: { words: 'parcel', limit: 50 }, expected: () => 50 },
    { name: 'phrase + room', query: { words: '"tracking number"', room: 'sales', limit: 50 }, expected: () => 50 },
    { name: 'phrase', query: { words: '"tracking number"', limit: 50 }, expected: () => 50 },
    { name: 'word -word', query: { words: 'thank -parcel', limit: 50 }, expected: () => 50 },
    { name: 'room + rating', query: { room: 'support', rating: 1, limit: 50 }, expected: () => 50 },
    { name: 'agent + dates', query: { agent: 'agent-3', from: day(100), to: day(130), limit: 50 }, expected: () => Math.min(50, agentInDays(chats, 3, 100, 129)) },
    { name: 'visitor', query: { visitor: `visitor-${Math.floor(chats / 2)}`, limit: 20 }, expected: () => 1 },
    { name: 'newest page', query: { limit: 50 }, expected: () => 50 },
  ];
}

/** Chats the seed gives to `agent-<agent>` and closes on days `first`..`last` (a 1,000-chat run has fewer than a page). */
function agentInDays(chats: number, agent: number, first: number, last: number): number {
  let count = 0;
  for (let i = agent; i < chats; i += 10) if (i % 365 >= first && i % 365 <= last) count++;
  return count;
}

function day(index: number): string {
  return new Date(Date.UTC(2026, 0, 1) + index * 86_400_000).toISOString();
}

/** One statement per table: generate_series seeds 10,000 chats in seconds on either store. */
async function seedSql(query: (sql: string, params?: readonly (string | number)[]) => Promise<unknown>, chats: number): Promise<void> {
  await query(
    `INSERT INTO users (id, role, name) SELECT 'visitor-' || i, 'user', 'Visitor ' || i FROM generate_series(0, $1::int - 1) AS i`,
    [chats],
  );
  await query(`INSERT INTO users (id, role, name) SELECT 'agent-' || i, 'agent', 'Agent ' || i FROM generate_series(0, 9) AS i`);
  await query(
    `INSERT INTO chats (id, room, source, lang, creator, status, assignee, users, created_at, closed_at, closed_by, last_seq)
     SELECT 'chat-' || i, ($2::text[])[1 + i % 4], 'web', 'en', 'visitor-' || i, 'active', 'agent-' || (i % 10),
            ARRAY['visitor-' || i, 'agent-' || (i % 10)],
            to_char(timestamp '2026-01-01' + (i % 365) * interval '1 day' + (i % 86400) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            to_char(timestamp '2026-01-01' + (i % 365) * interval '1 day' + (i % 86400 + 600) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'agent-' || (i % 10), 5
     FROM generate_series(0, $1::int - 1) AS i`,
    [chats, `{${rooms.join(',')}}`],
  );
  await query(
    `INSERT INTO messages (id, chat_id, seq, sender, type, message, created_at)
     SELECT 'm-' || i || '-' || s, 'chat-' || i, s, CASE WHEN s % 2 = 1 THEN 'visitor-' || i ELSE 'agent-' || (i % 10) END, 'text',
            CASE s
              WHEN 1 THEN 'Hello, I have a question about my ' || ($2::text[])[1 + i % 8]
              WHEN 2 THEN 'Of course, could you give me your tracking number or order id?'
              WHEN 3 THEN CASE WHEN i % 1000 = 0 THEN 'It was shipped to zanzibar last week' ELSE 'Sure, it is ' || (100000 + i) END
              WHEN 4 THEN 'Thanks, I found it: your ' || ($2::text[])[1 + (i + 3) % 8] || ' is on its way'
              ELSE 'Great, thank you very much for the quick help!'
            END,
            '2026-01-01T00:00:00.000Z'
     FROM generate_series(0, $1::int - 1) AS i, generate_series(1, 5) AS s`,
    [chats, `{${words.join(',')}}`],
  );
  // Closed after their messages, as the server closes a chat: closing indexes its words (migration 18).
  await query(`UPDATE chats SET status = 'closed'`);
  await query(
    `INSERT INTO chat_ratings (chat_id, visitor, rating, comment, created_at)
     SELECT 'chat-' || i, 'visitor-' || i, 1 + (i / 4) % 5, NULL, '2026-06-01T00:00:00.000Z'
     FROM generate_series(0, $1::int - 1, 4) AS i`,
    [chats],
  );
  await query('ANALYZE');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(kind: 'pglite' | 'postgres', chats: number, runs: number, log: (line: string) => void) {
  let place: Throwaway<string>;
  let client: SqlClient;
  if (kind === 'pglite') {
    place = await createTempDataDir('parley-bench-search-');
    client = await createPgliteClient(place.value);
  } else {
    place = await createThrowawayPostgres();
    client = createPostgresClient({ connectionString: place.value, poolSize: 2 });
  }
  await migrate(client);
  const store: SqlStore = createSqlStore(client);
  try {
    const seeded = performance.now();
    await seedSql((sql, params) => client.query(sql, params ?? []), chats);
    log(`${kind}: seeded ${fmt(chats)} closed chats (${fmt(chats * 5)} messages) in ${fmt(performance.now() - seeded)} ms`);
    const rows: { name: string; p50: number; p95: number; found: number; expected: number }[] = [];
    for (const testCase of cases(chats)) {
      const query: RecordsQuery = { rooms, ...testCase.query };
      const found = (await store.records.search(query)).length; // warm-up
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        await store.records.search(query);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      rows.push({ name: testCase.name, p50: percentile(times, 50), p95: percentile(times, 95), found, expected: testCase.expected(chats) });
    }
    return rows;
  } finally {
    await store.close();
    await place.remove();
  }
}

async function run(options: SuiteOptions): Promise<SuiteReport> {
  const chats = options.sizes?.[0] ?? (options.quick ? 1_000 : 10_000);
  const runs = options.runs ?? (options.quick ? 3 : 20);
  const targets = (options.targets ?? ['pglite', 'postgres']).filter((target): target is 'pglite' | 'postgres' => target === 'pglite' || target === 'postgres');
  const failures: string[] = [];
  const body: string[][] = [];
  for (const target of targets) {
    const rows = await measure(target, chats, runs, options.log);
    for (const row of rows) {
      if (row.found !== row.expected) failures.push(`${target} ${row.name}: found ${row.found} chats, the seed makes ${row.expected} match`);
      body.push([target, row.name, fmt(row.p50), fmt(row.p95), row.p95 <= goalMs ? 'yes' : 'no', String(row.found)]);
    }
  }
  const header = ['store', 'query', 'p50 ms', 'p95 ms', `p95 ≤ ${goalMs} ms`, 'chats found'];
  const text = table(header, body);
  const markdown =
    `${fmt(chats)} closed chats (5 messages each, a quarter rated), ${runs} timed runs per query after a warm-up, ` +
    `through \`store.records.search\` (the \`GET /v1/chats\` query). Goal: p95 ≤ ${goalMs} ms per query on both stores.\n\n` +
    `| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |\n${body.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`;
  return { text, markdown, failures };
}

export const searchSuite: Suite = {
  name: 'search',
  title: 'Records search (closed chats)',
  checks: 'every query found exactly the chats the seed makes match',
  run,
};
