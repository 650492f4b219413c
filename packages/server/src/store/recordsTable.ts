import type { CannedResponse, ChatRating, ChatRecordSummary, RatingSummary } from '@parley/protocol';
import { toChat as toWireChat } from '@parley/engine';
import type { SqlClient, SqlExecutor, SqlParam } from './sqlClient';
import type { ChatRow } from './sqlStore';
import { indexableQuery } from './searchQuery';
import { chatColumns, qualified, toChat } from './sqlStore';

/** What the records search filters on; every filter is within `rooms` (the caller's). */
export interface RecordsQuery {
  rooms: readonly string[];
  words?: string | undefined;
  room?: string | undefined;
  agent?: string | undefined;
  visitor?: string | undefined;
  /** Closed at or after (ISO). */
  from?: string | undefined;
  /** Closed before (ISO). */
  to?: string | undefined;
  rating?: number | undefined;
  /** Closed before this: the next page. */
  before?: string | undefined;
  limit: number;
}

/** The agent toolbox's and records' tables (migration 9): canned responses, ratings, search. */
export interface RecordsTable {
  listCanned(agentId: string, rooms: readonly string[]): Promise<CannedResponse[]>;
  getCanned(id: string): Promise<CannedResponse | undefined>;
  insertCanned(response: CannedResponse): Promise<void>;
  updateCanned(id: string, shortcut: string, text: string, updatedAt: string): Promise<CannedResponse | undefined>;
  deleteCanned(id: string): Promise<void>;
  /** False when the chat was rated already (once per chat). */
  /** False when the chat was rated already. `tx`: inside a transaction of the caller's. */
  insertRating(rating: ChatRating, visitor: string, tx?: SqlExecutor): Promise<boolean>;
  getRating(chatId: string): Promise<ChatRating | undefined>;
  search(query: RecordsQuery): Promise<ChatRecordSummary[]>;
  summary(rooms: readonly string[], from?: string, to?: string): Promise<RatingSummary>;
}

interface CannedRow {
  id: string;
  shortcut: string;
  text: string;
  owner: string | null;
  room: string | null;
  updated_at: string;
}

interface RatingRow {
  chat_id: string;
  rating: number;
  comment: string | null;
  created_at: string;
}

const cannedColumns = 'id, shortcut, text, owner, room, updated_at';

function toCanned(row: CannedRow): CannedResponse {
  const response: CannedResponse = { id: row.id, shortcut: row.shortcut, text: row.text, updatedAt: row.updated_at };
  if (row.owner !== null) response.owner = row.owner;
  if (row.room !== null) response.room = row.room;
  return response;
}

function toRating(row: RatingRow): ChatRating {
  const rating: ChatRating = { chatId: row.chat_id, rating: row.rating as ChatRating['rating'], createdAt: row.created_at };
  if (row.comment !== null) rating.comment = row.comment;
  return rating;
}

type SearchRow = ChatRow & {
  visitor_name: string | null;
  agent_name: string | null;
  match: string | null;
  r_chat_id: string | null;
  r_rating: number | null;
  r_comment: string | null;
  r_created_at: string | null;
};

function toSummary(row: SearchRow): ChatRecordSummary {
  const summary: ChatRecordSummary = {
    chat: toWireChat(toChat(row)),
    visitor: { id: row.creator, name: row.visitor_name ?? row.creator },
  };
  if (row.agent_name !== null) summary.agentName = row.agent_name;
  if (row.r_chat_id !== null) {
    summary.rating = toRating({ chat_id: row.r_chat_id, rating: row.r_rating!, comment: row.r_comment, created_at: row.r_created_at! });
  }
  if (row.match !== null) summary.match = row.match;
  return summary;
}

export function createRecordsTable(client: SqlClient): RecordsTable {
  return {
    async listCanned(agentId, rooms) {
      const rows = await client.query<CannedRow>(
        `SELECT ${cannedColumns} FROM canned_responses WHERE owner = $1 OR room = ANY($2::text[]) ORDER BY shortcut, ordinal`,
        [agentId, rooms],
      );
      return rows.map(toCanned);
    },
    async getCanned(id) {
      const [row] = await client.query<CannedRow>(`SELECT ${cannedColumns} FROM canned_responses WHERE id = $1`, [id]);
      return row && toCanned(row);
    },
    async insertCanned(response) {
      await client.query(`INSERT INTO canned_responses (${cannedColumns}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        response.id,
        response.shortcut,
        response.text,
        response.owner ?? null,
        response.room ?? null,
        response.updatedAt,
      ]);
    },
    async updateCanned(id, shortcut, text, updatedAt) {
      const [row] = await client.query<CannedRow>(
        `UPDATE canned_responses SET shortcut = $2, text = $3, updated_at = $4 WHERE id = $1 RETURNING ${cannedColumns}`,
        [id, shortcut, text, updatedAt],
      );
      return row && toCanned(row);
    },
    async deleteCanned(id) {
      await client.query('DELETE FROM canned_responses WHERE id = $1', [id]);
    },

    async insertRating(rating, visitor, tx = client) {
      const rows = await tx.query(
        `INSERT INTO chat_ratings (chat_id, visitor, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (chat_id) DO NOTHING RETURNING chat_id`,
        [rating.chatId, visitor, rating.rating, rating.comment ?? null, rating.createdAt],
      );
      return rows.length > 0;
    },
    async getRating(chatId) {
      const [row] = await client.query<RatingRow>('SELECT chat_id, rating, comment, created_at FROM chat_ratings WHERE chat_id = $1', [chatId]);
      return row && toRating(row);
    },

    async search(query) {
      const params: SqlParam[] = [query.rooms];
      const param = (value: SqlParam) => {
        params.push(value);
        return `$${params.length}`;
      };
      const where: string[] = [`c.status = 'closed'`, 'c.room = ANY($1::text[])'];
      if (query.room !== undefined) where.push(`c.room = ${param(query.room)}`);
      if (query.agent !== undefined) where.push(`c.assignee = ${param(query.agent)}`);
      if (query.visitor !== undefined) where.push(`c.creator = ${param(query.visitor)}`);
      if (query.from !== undefined) where.push(`c.closed_at >= ${param(query.from)}`);
      if (query.to !== undefined) where.push(`c.closed_at < ${param(query.to)}`);
      if (query.before !== undefined) where.push(`c.closed_at < ${param(query.before)}`);
      if (query.rating !== undefined) where.push(`r.rating = ${param(query.rating)}`);
      const ratingColumns = 'r.chat_id AS r_chat_id, r.rating AS r_rating, r.comment AS r_comment, r.created_at AS r_created_at';
      const words = query.words?.trim();
      if (words === undefined || words === '') {
        const rows = await client.query<SearchRow>(
          `SELECT ${qualified('c', chatColumns)}, v.name AS visitor_name, a.name AS agent_name, NULL AS match, ${ratingColumns}
           FROM chats c
           LEFT JOIN users v ON v.id = c.creator
           LEFT JOIN users a ON a.id = c.assignee
           LEFT JOIN chat_ratings r ON r.chat_id = c.id
           WHERE ${where.join(' AND ')}
           ORDER BY c.closed_at DESC, c.id
           LIMIT ${param(query.limit)}`,
          params,
        );
        return rows.map(toSummary);
      }

      // A chat matches when one of its messages matches; `match` is the first such message. Each
      // message of a closed chat has its words in message_search (written when the chat closed,
      // migration 18), with their positions. Measured at 10,000 closed chats (`pnpm bench search`):
      // the GIN index cannot check word positions, so a phrase took p50 115-220 ms when the check
      // read and re-parsed each of the 10,000 messages holding both words before the room filter,
      // the sort and the LIMIT. So: (1) the index answers a superset without phrases or negations
      // (`indexableQuery`); (2) those candidates, narrow rows, are joined to the chats that pass the
      // filters and sorted newest closed first; (3) the exact query is checked on their stored
      // documents in that order and the LIMIT stops once the page is full (`OFFSET 0` keeps the
      // check above the sort: otherwise PostgreSQL pushes it down into the scan); (4) only the
      // page's chats and matching messages are read whole. Per message rather than one document
      // per chat: a chat's document would match words spread over several messages and negations
      // over the whole chat, other results than this search gives.
      const [parsed] = await client.query<{ exact: string; tree: string }>(
        `SELECT q::text AS exact, querytree(q) AS tree FROM websearch_to_tsquery('simple', $1) AS q`,
        [words],
      );
      if (parsed === undefined || parsed.exact === '') return []; // no word at all (only punctuation)
      const indexable = indexableQuery(parsed.tree);
      if (indexable !== undefined) where.push(`s.document @@ ${param(indexable)}::tsquery`);
      const exact = `websearch_to_tsquery('simple', ${param(words)})`;
      const rated = query.rating === undefined ? '' : 'JOIN chat_ratings r ON r.chat_id = c.id';
      const rows = await client.query<SearchRow>(
        `SELECT ${qualified('c', chatColumns)}, v.name AS visitor_name, a.name AS agent_name, m.message AS match, ${ratingColumns}
         FROM (
           SELECT DISTINCT ON (cand.closed_at, cand.chat_id) cand.chat_id, cand.closed_at, cand.seq
           FROM (
             SELECT c.id AS chat_id, c.closed_at, s.seq, s.document
             FROM message_search s
             JOIN chats c ON c.id = s.chat_id
             ${rated}
             WHERE ${where.join(' AND ')}
             ORDER BY c.closed_at DESC, c.id, s.seq
             OFFSET 0
           ) AS cand
           WHERE cand.document @@ ${exact}
           ORDER BY cand.closed_at DESC, cand.chat_id, cand.seq
           LIMIT ${param(query.limit)}
         ) AS page
         JOIN chats c ON c.id = page.chat_id
         JOIN messages m ON m.chat_id = page.chat_id AND m.seq = page.seq
         LEFT JOIN users v ON v.id = c.creator
         LEFT JOIN users a ON a.id = c.assignee
         LEFT JOIN chat_ratings r ON r.chat_id = c.id
         ORDER BY c.closed_at DESC, c.id`,
        params,
      );
      return rows.map(toSummary);
    },

    async summary(rooms, from, to) {
      const params: SqlParam[] = [rooms, from ?? null, to ?? null];
      const scope = `FROM chat_ratings r JOIN chats c ON c.id = r.chat_id
                     WHERE c.room = ANY($1::text[]) AND ($2::text IS NULL OR r.created_at >= $2) AND ($3::text IS NULL OR r.created_at < $3)`;
      const agents = await client.query<{ agent_id: string; name: string | null; count: number; average: number }>(
        `SELECT c.assignee AS agent_id, max(u.name) AS name, count(*)::int AS count, round(avg(r.rating)::numeric, 2)::float8 AS average
         ${scope.replace('WHERE', 'LEFT JOIN users u ON u.id = c.assignee WHERE')} AND c.assignee IS NOT NULL
         GROUP BY c.assignee ORDER BY c.assignee`,
        params,
      );
      const roomRows = await client.query<{ room: string; count: number; average: number }>(
        `SELECT c.room, count(*)::int AS count, round(avg(r.rating)::numeric, 2)::float8 AS average ${scope} GROUP BY c.room ORDER BY c.room`,
        params,
      );
      return {
        agents: agents.map((row) => ({ agentId: row.agent_id, name: row.name ?? row.agent_id, count: row.count, average: row.average })),
        rooms: roomRows.map((row) => ({ room: row.room, count: row.count, average: row.average })),
      };
    },
  };
}
