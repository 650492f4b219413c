import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordsQuery } from './recordsTable';
import { createRecordsTable } from './recordsTable';
import type { SqlClient, SqlParam } from './sqlClient';
import { migrate, migrations } from './migrations';
import { createPgliteClient } from './sqlClient';
import { createTempDataDir, useMigratedClient } from './testDatabases';

/** Chat id, room, status, closing day, messages in order; rated 1 when the id ends in "-rated". */
const chats: [string, string, string, number, string[]][] = [
  ['c1', 'support', 'closed', 1, ['number tracking please', 'my tracking number is 5', 'tracking number again']],
  ['c2', 'support', 'closed', 2, ['the tracking of the number']],
  ['c3-rated', 'sales', 'closed', 3, ['tracking number lost']],
  ['c4', 'support', 'active', 4, ['tracking number, still open']],
  ['c5', 'support', 'closed', 5, ['parcel and refund', 'parcel only', 'send an e-mail']],
  ['c6', 'tech', 'closed', 6, ['tracking number in a room the caller does not serve']],
  ['c7-rated', 'support', 'closed', 7, ['refund please', 'Tracking Number?']],
];
const rooms = ['support', 'sales'];

async function seed(client: SqlClient): Promise<void> {
  for (const [id, room, status, day, messages] of chats) {
    const closedAt = `2026-01-0${day}T00:00:00.000Z`;
    await client.query(
      `INSERT INTO chats (id, room, source, lang, creator, status, assignee, users, created_at, closed_at, last_seq)
       VALUES ($1, $2, 'web', 'en', $3, $4, 'agent', ARRAY[$3, 'agent'], $5, $6, $7)`,
      [id, room, `visitor-${id}`, 'active', closedAt, status === 'closed' ? closedAt : null, messages.length],
    );
    for (const [index, message] of messages.entries()) {
      await client.query(`INSERT INTO messages (id, chat_id, seq, sender, type, message, created_at) VALUES ($1, $2, $3, 'agent', 'text', $4, $5)`, [
        `${id}-${index + 1}`,
        id,
        index + 1,
        message,
        closedAt,
      ]);
    }
    // Closed as the server closes a chat: after its messages, which the close indexes (migration 18).
    if (status !== 'active') await client.query('UPDATE chats SET status = $2 WHERE id = $1', [id, status]);
    if (id.endsWith('-rated')) {
      await client.query(`INSERT INTO chat_ratings (chat_id, visitor, rating, created_at) VALUES ($1, $2, 1, $3)`, [id, `visitor-${id}`, closedAt]);
    }
  }
}

/**
 * The search as it was before the page-first query shape (every matching message first, then the
 * chats): kept here as the reference the faster query must agree with, chat for chat and match for match.
 */
async function referenceSearch(client: SqlClient, query: RecordsQuery): Promise<{ id: string; match: string }[]> {
  const params: SqlParam[] = [query.rooms, query.words ?? ''];
  const where = [`c.status = 'closed'`, 'c.room = ANY($1::text[])'];
  const param = (value: SqlParam) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.room !== undefined) where.push(`c.room = ${param(query.room)}`);
  if (query.before !== undefined) where.push(`c.closed_at < ${param(query.before)}`);
  if (query.rating !== undefined) where.push(`r.rating = ${param(query.rating)}`);
  return client.query(
    `SELECT c.id, hit.message AS match FROM chats c
     JOIN (SELECT DISTINCT ON (chat_id) chat_id, message FROM messages
           WHERE to_tsvector('simple', message) @@ websearch_to_tsquery('simple', $2)
           ORDER BY chat_id, seq) AS hit ON hit.chat_id = c.id
     LEFT JOIN chat_ratings r ON r.chat_id = c.id
     WHERE ${where.join(' AND ')}
     ORDER BY c.closed_at DESC, c.id
     LIMIT ${param(query.limit)}`,
    params,
  );
}

function searchTests(db: () => SqlClient) {
  const search = async (words: string, filters: Partial<RecordsQuery> = {}) => {
    const found = await createRecordsTable(db()).search({ rooms, words, limit: 50, ...filters });
    return found.map((summary) => [summary.chat.id, summary.match]);
  };

  beforeAll(() => seed(db()));

  it('finds a phrase only where its words stand together, with the first message that has it', async () => {
    expect(await search('"tracking number"')).toEqual([
      ['c7-rated', 'Tracking Number?'],
      ['c3-rated', 'tracking number lost'],
      ['c1', 'my tracking number is 5'],
    ]);
    expect(await search('"tracking number"', { room: 'support' })).toEqual([
      ['c7-rated', 'Tracking Number?'],
      ['c1', 'my tracking number is 5'],
    ]);
    expect(await search('"number tracking"')).toEqual([['c1', 'number tracking please']]);
  });

  it('fills a page past candidates that fail the phrase, and pages on with `before`', async () => {
    expect(await search('"tracking number"', { limit: 1 })).toEqual([['c7-rated', 'Tracking Number?']]);
    expect(await search('"tracking number"', { limit: 1, before: '2026-01-07T00:00:00.000Z' })).toEqual([['c3-rated', 'tracking number lost']]);
    expect(await search('"tracking number"', { limit: 1, before: '2026-01-03T00:00:00.000Z' })).toEqual([['c1', 'my tracking number is 5']]);
    expect(await search('"tracking number"', { rating: 1 })).toEqual([
      ['c7-rated', 'Tracking Number?'],
      ['c3-rated', 'tracking number lost'],
    ]);
  });

  it('matches negations, or, hyphenated words and negation alone per message', async () => {
    expect(await search('parcel -refund')).toEqual([['c5', 'parcel only']]);
    expect(await search('refund or lost')).toEqual([
      ['c7-rated', 'refund please'],
      ['c5', 'parcel and refund'],
      ['c3-rated', 'tracking number lost'],
    ]);
    expect(await search('e-mail')).toEqual([['c5', 'send an e-mail']]);
    expect(await search('-tracking', { room: 'support' })).toEqual([
      ['c7-rated', 'refund please'],
      ['c5', 'parcel and refund'],
    ]);
  });

  it("indexes a chat's messages when it closes, once, and an open chat's not at all", async () => {
    const indexed = async (chatId: string) =>
      (await db().query<{ seq: number }>('SELECT seq FROM message_search WHERE chat_id = $1 ORDER BY seq', [chatId])).map((row) => row.seq);
    expect(await indexed('c4')).toEqual([]);
    expect(await indexed('c1')).toEqual([1, 2, 3]);
    // A closed chat written again (as updateChat writes every column) adds nothing.
    await db().query(`UPDATE chats SET status = 'closed', closed_by = 'system' WHERE id = 'c1'`);
    expect(await indexed('c1')).toEqual([1, 2, 3]);
  });

  it('finds nothing for words without a lexeme', async () => {
    expect(await search('!!! ?')).toEqual([]);
  });

  it('agrees with the reference search on every query and filter', async () => {
    const queries = ['"tracking number"', '"number tracking"', 'tracking', 'tracking number', 'parcel -refund', '-refund', 'refund or "tracking number"', 'e-mail', '-"tracking number"', 'nothing'];
    const filters: Partial<RecordsQuery>[] = [{}, { room: 'support' }, { rating: 1 }, { limit: 1 }, { limit: 2, before: '2026-01-07T00:00:00.000Z' }];
    for (const words of queries) {
      for (const filter of filters) {
        const query: RecordsQuery = { rooms, words, limit: 50, ...filter };
        const expected = (await referenceSearch(db(), query)).map((row) => [row.id, row.match]);
        expect([words, filter, await search(words, filter)]).toEqual([words, filter, expected]);
      }
    }
  });
}

describe('migration 18 on a database with closed chats', () => {
  it('indexes the messages of the chats already closed, and no others', async () => {
    const own = await createTempDataDir();
    const client = await createPgliteClient(own.value);
    try {
      await migrate(client, migrations.filter((migration) => migration.id < 18));
      await seed(client);
      expect(await migrate(client, migrations.filter((migration) => migration.id <= 18))).toEqual([18]);
      const rows = await client.query<{ chat_id: string; n: number }>('SELECT chat_id, count(*)::int AS n FROM message_search GROUP BY chat_id ORDER BY chat_id');
      expect(rows).toEqual([
        { chat_id: 'c1', n: 3 },
        { chat_id: 'c2', n: 1 },
        { chat_id: 'c3-rated', n: 1 },
        { chat_id: 'c5', n: 3 },
        { chat_id: 'c6', n: 1 },
        { chat_id: 'c7-rated', n: 2 },
      ]);
      const found = await createRecordsTable(client).search({ rooms, words: '"tracking number"', limit: 50 });
      expect(found.map((summary) => [summary.chat.id, summary.match])).toEqual([
        ['c7-rated', 'Tracking Number?'],
        ['c3-rated', 'tracking number lost'],
        ['c1', 'my tracking number is 5'],
      ]);
    } finally {
      await client.close();
      await own.remove();
    }
  }, 60_000);
});

describe('records search on PGlite', () => {
  searchTests(useMigratedClient('PGlite'));
});

describe('records search on PostgreSQL', () => {
  searchTests(useMigratedClient('PostgreSQL'));
});
