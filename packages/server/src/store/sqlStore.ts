import type { AgentStatus, ChatOrigin, ChatStatus, ExtraInfo, Message, Note, User, UserRole, VerifiedIdentity, VisitorContext } from '@parley/protocol';
import type {
  AgentProfile,
  AgentState,
  ChatRecord,
  FileRecord,
  MemberAppendResult,
  MessageDraft,
  OfferRecord,
  RoutingState,
  Store,
  StoreTransaction,
} from '@parley/engine';
import type { AdminTable } from './adminTable';
import { createAdminTable } from './adminTable';
import type { ClusterTable } from './clusterTable';
import { createClusterTable } from './clusterTable';
import type { OutboxTable } from './outboxTable';
import { createOutboxTable } from './outboxTable';
import type { RecordsTable } from './recordsTable';
import { createRecordsTable } from './recordsTable';
import type { SqlClient, SqlExecutor, SqlParam } from './sqlClient';
import { ConflictError } from './sqlClient';
import type { MessageRow } from './messageRows';
import { messageColumns, toMessage } from './messageRows';
import type { EventJournal } from './eventJournal';
import { createEventJournal, journaledAppendSql, messageJournalKey } from './eventJournal';
import type { AppendDraft } from './appendBatcher';
import { createAppendBatcher } from './appendBatcher';
import { textArrayLiteral } from './textArrayLiteral';

/** The engine's store plus what the server keeps beside it. */
export interface SqlStore extends Store {
  /** Node leases and which node holds sockets of which agent (cluster presence). */
  readonly cluster: ClusterTable;
  /** Work that leaves the server (e-mail, webhook deliveries), queued durably with retries. */
  readonly outbox: OutboxTable;
  /** Committed events whose outbox items are not queued yet (so a node's death loses none). */
  readonly journal: EventJournal;
  /** The database itself, for the server's own tables beside the engine's (offline chats, webhooks). */
  readonly sql: SqlClient;
  /** Admins, deactivated agents, admin-created rooms, one-time links and the audit log (issue 16). */
  readonly admin: AdminTable;
  /** Canned responses, ratings and the closed chats' search (issue 17). */
  readonly records: RecordsTable;
  /** Creates or replaces the login of an agent. */
  putCredentials(username: string, userId: string, passwordHash: string): Promise<void>;
  getCredentials(username: string): Promise<{ userId: string; passwordHash: string } | undefined>;
  /** Ends a session before its expiry (logout); `expiresAt` lets old entries be dropped. */
  revokeToken(jti: string, expiresAt: string): Promise<void>;
  isTokenRevoked(jti: string): Promise<boolean>;
  /** The revoked sessions that have not expired yet: a node without Redis keeps them in memory. */
  revokedTokens(): Promise<{ jti: string; expiresAt: string }[]>;
  putFile(file: FileRecord & { storage?: FileStorageKind }): Promise<void>;
  getFile(id: string): Promise<StoredFileRecord | undefined>;
  /** A file's bytes when the database keeps them (`--file-storage database`, the default). */
  putFileBytes(id: string, bytes: Uint8Array): Promise<void>;
  getFileBytes(id: string): Promise<Uint8Array | undefined>;
  deleteFileBytes(id: string): Promise<void>;
}

/** Where a file's bytes are kept. */
export type FileStorageKind = 'database' | 's3';

/** A file's record as the server keeps it: the engine's record plus where its bytes are. */
export interface StoredFileRecord extends FileRecord {
  storage: FileStorageKind;
}

/*
 * Rows as the database returns them. NULL columns become absent optional fields on the way out, so
 * what this store returns deep-equals what the memory store returns.
 */
interface UserRow {
  id: string;
  role: UserRole;
  name: string;
  nickname: string | null;
  contact: string | null;
  extra_info: ExtraInfo | null;
  status: AgentStatus | null;
  avatar_url: string | null;
  verified: VerifiedIdentity | null;
}

interface ProfileRow {
  user_id: string;
  rooms: string[];
  capacity: number;
  last_offered_at: string | null;
  last_assigned_at: string | null;
  status_choices: number;
}

export interface ChatRow {
  id: string;
  room: string;
  source: string;
  lang: string;
  creator: string;
  status: ChatStatus;
  assignee: string | null;
  users: string[];
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
  last_seq: number;
  queued_at: string | null;
  routing: RoutingState | null;
  context: VisitorContext | null;
  origin: ChatOrigin | null;
}

interface OfferRow {
  chat_id: string;
  agent_id: string;
  created_at: string;
  expires_at: string;
}

interface NoteRow {
  id: string;
  chat_id: string;
  sender: string;
  message: string;
  client_id: string;
  created_at: string;
  after_seq: number;
}

const noteColumns = 'id, chat_id, sender, message, client_id, created_at, after_seq';

function toNote(row: NoteRow): Note {
  return {
    id: row.id,
    chatId: row.chat_id,
    sender: row.sender,
    message: row.message,
    clientId: row.client_id,
    createdAt: row.created_at,
    afterSeq: row.after_seq,
  };
}

const userColumns = 'id, role, name, nickname, contact, extra_info, status, avatar_url, verified';
const profileColumns = 'user_id, rooms, capacity, last_offered_at, last_assigned_at, status_choices';
export const chatColumns =
  'id, room, source, lang, creator, status, assignee, users, created_at, closed_at, closed_by, last_seq, queued_at, routing, context, origin';
const offerColumns = 'chat_id, agent_id, created_at, expires_at';

/** `a, b` → `t.a, t.b`, for joins. */
export function qualified(alias: string, columns: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

function toUser(row: UserRow): User {
  const user: User = { id: row.id, role: row.role, name: row.name };
  if (row.nickname !== null) user.nickname = row.nickname;
  if (row.contact !== null) user.contact = row.contact;
  if (row.extra_info !== null) user.extraInfo = row.extra_info;
  if (row.status !== null) user.status = row.status;
  if (row.avatar_url !== null) user.avatarUrl = row.avatar_url;
  if (row.verified !== null) user.verified = row.verified;
  return user;
}

function toProfile(row: ProfileRow): AgentProfile {
  return {
    userId: row.user_id,
    rooms: row.rooms,
    capacity: row.capacity,
    lastOfferedAt: row.last_offered_at,
    lastAssignedAt: row.last_assigned_at,
    statusChoices: row.status_choices,
  };
}

export function toChat(row: ChatRow): ChatRecord {
  const chat: ChatRecord = {
    id: row.id,
    room: row.room,
    source: row.source,
    lang: row.lang,
    creator: row.creator,
    status: row.status,
    users: row.users,
    createdAt: row.created_at,
    lastSeq: row.last_seq,
    queuedAt: row.queued_at,
    routing: row.routing,
  };
  if (row.assignee !== null) chat.assignee = row.assignee;
  if (row.closed_at !== null) chat.closedAt = row.closed_at;
  if (row.closed_by !== null) chat.closedBy = row.closed_by;
  if (row.context !== null) chat.context = row.context;
  if (row.origin !== null) chat.origin = row.origin;
  return chat;
}

function toOffer(row: OfferRow): OfferRecord {
  return { chatId: row.chat_id, agentId: row.agent_id, createdAt: row.created_at, expiresAt: row.expires_at };
}

interface FileRow {
  id: string;
  chat_id: string;
  uploader: string;
  name: string;
  mime_type: string;
  size: number;
  storage: string;
  created_at: string;
}

function toFile(row: FileRow): StoredFileRecord {
  return {
    id: row.id,
    chatId: row.chat_id,
    uploader: row.uploader,
    name: row.name,
    mimeType: row.mime_type,
    size: row.size,
    storage: row.storage === 's3' ? 's3' : 'database',
    createdAt: row.created_at,
  };
}

/** jsonb parameters travel as JSON text (pg would turn a JS array into a PostgreSQL array literal). */
function json(value: object | null | undefined): string | null {
  return value == null ? null : JSON.stringify(value);
}

function userParams(user: User) {
  return [
    user.id,
    user.role,
    user.name,
    user.nickname ?? null,
    user.contact ?? null,
    json(user.extraInfo),
    user.status ?? null,
    user.avatarUrl ?? null,
    json(user.verified),
  ];
}

function chatParams(chat: ChatRecord) {
  return [
    chat.id,
    chat.room,
    chat.source,
    chat.lang,
    chat.creator,
    chat.status,
    chat.assignee ?? null,
    chat.users,
    chat.createdAt,
    chat.closedAt ?? null,
    chat.closedBy ?? null,
    chat.queuedAt,
    json(chat.routing),
  ];
}

function createTransaction(db: SqlExecutor, journal: EventJournal): StoreTransaction {
  async function one<Row, T>(sql: string, params: readonly SqlParam[], map: (row: Row) => T) {
    const [row] = await db.query<Row>(sql, params);
    return row && map(row);
  }

  // Chats whose row this transaction holds FOR UPDATE: a lock lasts until the transaction ends, so
  // appendMessage can skip taking it again (saving a round trip on every message sent).
  const lockedChats = new Set<string>();

  return {
    // Inserts use ON CONFLICT DO NOTHING and report a duplicate as a JS error: a failed statement
    // would abort the whole PostgreSQL transaction, while the memory store's throw leaves the unit
    // usable. ConflictError lets PostgreSQL rerun a unit that raced with another one.
    async insertUser(user) {
      const rows = await db.query(
        `INSERT INTO users (${userColumns}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        userParams(user),
      );
      if (rows.length === 0) throw new ConflictError(`user ${user.id} exists`);
    },
    async updateUser(user) {
      const rows = await db.query(
        `UPDATE users SET role = $2, name = $3, nickname = $4, contact = $5, extra_info = $6::jsonb, status = $7, avatar_url = $8, verified = $9::jsonb
         WHERE id = $1 RETURNING id`,
        userParams(user),
      );
      if (rows.length === 0) throw new Error(`user ${user.id} does not exist`);
    },
    getUser(id, options) {
      return one(`SELECT ${userColumns} FROM users WHERE id = $1${options?.lock ? ' FOR UPDATE' : ''}`, [id], toUser);
    },
    async getUsers(ids) {
      if (ids.length === 0) return [];
      // WITH ORDINALITY keeps the order of `ids` (and repeats, as the memory store does).
      const rows = await db.query<UserRow>(
        `SELECT ${qualified('u', userColumns)}
         FROM unnest($1::text[]) WITH ORDINALITY AS wanted (id, position)
         JOIN users u ON u.id = wanted.id
         ORDER BY wanted.position`,
        [ids],
      );
      return rows.map(toUser);
    },

    async putAgentProfile(profile) {
      await db.query(
        `INSERT INTO agent_profiles (${profileColumns}) VALUES ($1, $2::text[], $3, $4, $5, $6)
         ON CONFLICT (user_id) DO UPDATE SET
           rooms = EXCLUDED.rooms, capacity = EXCLUDED.capacity,
           last_offered_at = EXCLUDED.last_offered_at, last_assigned_at = EXCLUDED.last_assigned_at,
           status_choices = EXCLUDED.status_choices`,
        [profile.userId, profile.rooms, profile.capacity, profile.lastOfferedAt, profile.lastAssignedAt, profile.statusChoices],
      );
    },
    getAgentProfile(userId, options) {
      return one(`SELECT ${profileColumns} FROM agent_profiles WHERE user_id = $1${options?.lock ? ' FOR UPDATE' : ''}`, [userId], toProfile);
    },
    async listRoomAgents(room, options) {
      // Assignment reads the agents' load and then offers on it; two nodes doing that at once could
      // both give the last free slot away. So an assigning unit first locks the room's agents (in id
      // order, the same order every unit takes them in, so two dispatches cannot deadlock each other)...
      if (options?.lock) {
        await db.query(`SELECT user_id FROM agent_profiles WHERE rooms @> ARRAY[$1::text] ORDER BY user_id FOR UPDATE`, [
          room,
        ]);
      }
      // ...and only then counts. A separate statement matters: under READ COMMITTED each statement
      // takes a fresh snapshot, so this one sees every offer and assignment committed by whoever
      // held the locks before us; counts computed in the locking statement itself would be stale.
      const rows = await db.query<UserRow & ProfileRow & { open_chats: number; pending_offers: number }>(
        `SELECT ${qualified('u', userColumns)}, ${qualified('p', profileColumns)},
           (SELECT count(*)::int FROM chats c WHERE c.assignee = p.user_id AND c.status = 'active') AS open_chats,
           (SELECT count(*)::int FROM offers o WHERE o.agent_id = p.user_id) AS pending_offers
         FROM agent_profiles p
         JOIN users u ON u.id = p.user_id
         WHERE p.rooms @> ARRAY[$1::text]
         ORDER BY p.user_id`,
        [room],
      );
      return rows.map(
        (row): AgentState => ({
          user: toUser(row),
          profile: toProfile(row),
          openChats: row.open_chats,
          pendingOffers: row.pending_offers,
        }),
      );
    },

    async insertChat(chat) {
      const rows = await db.query(
        `INSERT INTO chats (id, room, source, lang, creator, status, assignee, users, created_at, closed_at, closed_by,
                            queued_at, routing, last_seq, context)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11, $12, $13::jsonb, $14, $15::jsonb)
         ON CONFLICT DO NOTHING RETURNING id`,
        [...chatParams(chat), chat.lastSeq, json(chat.context)],
      );
      if (rows.length === 0) throw new ConflictError(`chat ${chat.id} exists, or its creator has an open chat in room ${chat.room}`);
    },
    async updateChat(chat) {
      // Every column but last_seq: appendMessage owns it, and a unit holding an older copy of the
      // chat must not move it back.
      const rows = await db.query(
        `UPDATE chats SET room = $2, source = $3, lang = $4, creator = $5, status = $6, assignee = $7, users = $8::text[],
           created_at = $9, closed_at = $10, closed_by = $11, queued_at = $12, routing = $13::jsonb
         WHERE id = $1 RETURNING id`,
        chatParams(chat),
      );
      if (rows.length === 0) throw new Error(`chat ${chat.id} does not exist`);
    },
    async getChat(id, options) {
      // FOR UPDATE holds the row until the unit ends: commands on one chat run one after another,
      // across connections and nodes.
      const lock = options?.lock === true;
      const chat = await one(`SELECT ${chatColumns} FROM chats WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id], toChat);
      if (lock && chat) lockedChats.add(id);
      return chat;
    },
    findOpenChat(creator, room) {
      return one(
        `SELECT ${chatColumns} FROM chats WHERE creator = $1 AND room = $2 AND status <> 'closed' ORDER BY ordinal LIMIT 1`,
        [creator, room],
        toChat,
      );
    },
    async listUserChats(userId) {
      const rows = await db.query<ChatRow>(
        `SELECT ${chatColumns} FROM chats WHERE users @> ARRAY[$1::text] ORDER BY created_at DESC, ordinal`,
        [userId],
      );
      return rows.map(toChat);
    },
    async listQueue(room) {
      const rows = await db.query<ChatRow>(
        `SELECT ${chatColumns} FROM chats
         WHERE room = $1 AND status = 'waiting' AND queued_at IS NOT NULL
         ORDER BY queued_at, ordinal`,
        [room],
      );
      return rows.map(toChat);
    },

    async insertOffer(offer) {
      const rows = await db.query(
        `INSERT INTO offers (${offerColumns}) VALUES ($1, $2, $3, $4) ON CONFLICT (chat_id) DO NOTHING RETURNING chat_id`,
        [offer.chatId, offer.agentId, offer.createdAt, offer.expiresAt],
      );
      if (rows.length === 0) throw new ConflictError(`chat ${offer.chatId} already has an offer`);
    },
    getOffer(chatId) {
      return one(`SELECT ${offerColumns} FROM offers WHERE chat_id = $1`, [chatId], toOffer);
    },
    async deleteOffer(chatId) {
      await db.query('DELETE FROM offers WHERE chat_id = $1', [chatId]);
    },
    async listAgentOffers(agentId) {
      const rows = await db.query<OfferRow>(`SELECT ${offerColumns} FROM offers WHERE agent_id = $1 ORDER BY ordinal`, [
        agentId,
      ]);
      return rows.map(toOffer);
    },
    async listDueOffers(now) {
      // Locks the due offers' chats, skipping those another unit holds: expiry units running at once
      // (each offer's timer, every node's sweep) split the due offers instead of queueing on the same
      // chats. A chat skipped because a command held it expires on the next timer or sweep.
      const rows = await db.query<OfferRow>(
        `SELECT ${qualified('o', offerColumns)} FROM offers o JOIN chats c ON c.id = o.chat_id
         WHERE o.expires_at <= $1 ORDER BY o.expires_at, o.ordinal FOR UPDATE OF c SKIP LOCKED`,
        [now],
      );
      for (const row of rows) lockedChats.add(row.chat_id);
      return rows.map(toOffer);
    },
    async listOffers() {
      const rows = await db.query<OfferRow>(`SELECT ${offerColumns} FROM offers ORDER BY ordinal`);
      return rows.map(toOffer);
    },

    async appendMessage(draft: MessageDraft) {
      // 1. Lock the chat row (unless this unit already holds it). Every append to the chat queues
      //    here, so seq is handed out one at a time: gap-free, and never twice.
      if (!lockedChats.has(draft.chatId)) {
        const locked = await db.query('SELECT 1 FROM chats WHERE id = $1 FOR UPDATE', [draft.chatId]);
        if (locked.length === 0) throw new Error(`chat ${draft.chatId} does not exist`);
        lockedChats.add(draft.chatId);
      }
      // 2. Only now look for the clientId, in a new statement: under READ COMMITTED it has a fresh
      //    snapshot, so a resend whose first copy committed while we waited for the lock is found
      //    (a lookup before the lock, or in the locking statement, would miss it). Then either answer
      //    with that first message, or bump last_seq and insert, all in this one statement. A
      //    duplicate consumes no seq.
      const rows = await db.query<MessageRow & { created: boolean }>(
        `WITH existing AS (
           SELECT ${messageColumns} FROM messages WHERE chat_id = $2 AND client_id = $7
         ), bumped AS (
           UPDATE chats SET last_seq = last_seq + 1
           WHERE id = $2 AND NOT EXISTS (SELECT 1 FROM existing)
           RETURNING last_seq
         ), inserted AS (
           INSERT INTO messages (${messageColumns})
           SELECT $1, $2, bumped.last_seq, $3, $4, $5, $7, $6, $8, $9::jsonb FROM bumped
           RETURNING ${messageColumns}
         )
         SELECT *, true AS created FROM inserted
         UNION ALL
         SELECT *, false AS created FROM existing`,
        [
          draft.id,
          draft.chatId,
          draft.sender,
          draft.type,
          draft.message,
          draft.createdAt,
          draft.clientId ?? null,
          draft.imported === true,
          draft.type === 'file' ? json(draft.file) : null,
        ],
      );
      const row = rows[0];
      if (!row) throw new Error(`appending to chat ${draft.chatId} stored nothing`);
      return { message: toMessage(row), created: row.created };
    },
    getMessage(id) {
      return one(`SELECT ${messageColumns} FROM messages WHERE id = $1`, [id], toMessage);
    },
    async importedTotals(chatId) {
      const rows = await db.query<{ count: number; characters: number }>(
        `SELECT count(*)::int AS count, coalesce(sum(char_length(message)), 0)::int AS characters
         FROM messages WHERE chat_id = $1 AND imported`,
        [chatId],
      );
      return { count: rows[0]?.count ?? 0, characters: rows[0]?.characters ?? 0 };
    },
    async listMessages(chatId, range) {
      // One row beyond the page tells whether more remain in the direction of travel. Both walk the
      // (chat_id, seq) index.
      const limit = Math.max(0, range.limit);
      const before = range.beforeSeq ?? null;
      if (range.afterSeq !== undefined) {
        const rows = await db.query<MessageRow>(
          `SELECT ${messageColumns} FROM messages
           WHERE chat_id = $1 AND seq > $2 AND ($3::int IS NULL OR seq < $3::int)
           ORDER BY seq LIMIT $4`,
          [chatId, range.afterSeq, before, limit + 1],
        );
        return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit };
      }
      const rows = await db.query<MessageRow>(
        `SELECT ${messageColumns} FROM messages
         WHERE chat_id = $1 AND ($2::int IS NULL OR seq < $2::int)
         ORDER BY seq DESC LIMIT $3`,
        [chatId, before, limit + 1],
      );
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore: rows.length > limit };
    },

    async getReadSeq(chatId, userId) {
      const [row] = await db.query<{ seq: number }>('SELECT seq FROM read_state WHERE chat_id = $1 AND user_id = $2', [
        chatId,
        userId,
      ]);
      return row?.seq ?? 0;
    },
    async appendNote(note) {
      // One statement: insert, or answer the first note with this clientId (a resend).
      const rows = await db.query<NoteRow & { created: boolean }>(
        `WITH inserted AS (
           INSERT INTO notes (${noteColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (chat_id, client_id) DO NOTHING
           RETURNING ${noteColumns}
         )
         SELECT *, true AS created FROM inserted
         UNION ALL
         SELECT ${noteColumns}, false AS created FROM notes WHERE chat_id = $2 AND client_id = $5 AND NOT EXISTS (SELECT 1 FROM inserted)`,
        [note.id, note.chatId, note.sender, note.message, note.clientId, note.createdAt, note.afterSeq],
      );
      const row = rows[0];
      if (!row) throw new ConflictError(`note ${note.clientId} raced another insert`);
      return { note: toNote(row), created: row.created };
    },
    async listNotes(chatId) {
      const rows = await db.query<NoteRow>(`SELECT ${noteColumns} FROM notes WHERE chat_id = $1 ORDER BY ordinal`, [chatId]);
      return rows.map(toNote);
    },
    async listMessageSenders(chatId) {
      const rows = await db.query<{ sender: string }>('SELECT DISTINCT sender FROM messages WHERE chat_id = $1', [chatId]);
      return rows.map((row) => row.sender);
    },
    journal(events) {
      return journal.addUnit(db, events);
    },

    async setReadSeq(chatId, userId, seq) {
      await db.query(
        `INSERT INTO read_state (chat_id, user_id, seq) VALUES ($1, $2, $3)
         ON CONFLICT (chat_id, user_id) DO UPDATE SET seq = EXCLUDED.seq`,
        [chatId, userId, seq],
      );
    },
  };
}

/**
 * What the server reads of the append functions' rows, in five columns instead of their thirteen:
 * the members as JSON rather than `text[]` (the driver parses JSON natively, while its `text[]`
 * parser builds every element a character at a time), and a duplicate's stored message as one JSON
 * object instead of nine columns that are null for every created draft (the driver describes and
 * parses each column of each row). The values are the same either way.
 */
function appendFrom(call: string): string {
  return `SELECT ord, outcome, to_json(members) AS members, seq,
    CASE WHEN outcome = 'duplicate' THEN json_build_object('id', id, 'chat_id', chat_id, 'seq', seq, 'sender', sender, 'type', type,
      'message', message, 'client_id', client_id, 'created_at', created_at, 'imported', imported, 'file', file) END AS duplicate
    FROM ${call}`;
}

/**
 * `appendMessageIfMember` for a whole batch of drafts (see `createAppendBatcher`) in one statement,
 * so it needs no transaction around it: one round trip and one commit for the batch. The statement
 * is the function `parley_append_batch` (migration 15; migration 14 says how it works and why it is
 * a function); the drafts come as its eight parallel arrays, one element per draft. A lone draft
 * (most batches at a moderate rate) goes to `parley_append_one` (migration 17): the same outcomes
 * from four plain statements, about half the database's CPU. Each has a variant that writes the
 * created messages' event-journal entries in the same statement (see `EventJournal`), used while
 * something must follow every message even if this node dies.
 */
const appendSql = {
  batch: {
    plain: appendFrom('parley_append_batch($1, $2, $3, $4, $5, $6, $7, $8)'),
    journaled: journaledAppendSql(appendFrom('parley_append_batch($1, $2, $3, $4, $5, $6, $7, $8)'), '($2::text[])[b.ord]'),
  },
  one: {
    plain: appendFrom('parley_append_one($1, $2, $3, $4, $5, $6, $7, $8)'),
    journaled: journaledAppendSql(appendFrom('parley_append_one($1, $2, $3, $4, $5, $6, $7, $8)'), '$2::text'),
  },
};

/**
 * One row of the batch statement: a created draft comes back as its seq and the chat's members (the
 * server holds the rest: the draft), a duplicate as the stored first message, the rest as an outcome.
 */
interface AppendBatchRow {
  ord: string | number;
  outcome: MemberAppendResult['outcome'];
  members: string[] | null;
  seq: number | null;
  duplicate: MessageRow | null;
}

/**
 * The stored message of a created draft: the draft as sent, numbered (what `toMessage` reads back,
 * fields in its order). Whole literals, not fields added afterwards: each added field costs the
 * object a separate property store (about 100 bytes per message).
 */
function createdMessage(draft: AppendDraft, seq: number): Message {
  const { id, chatId, sender, message, createdAt, clientId } = draft;
  return draft.type === 'file'
    ? { id, chatId, seq, sender, type: 'file', message, createdAt, file: draft.file, clientId }
    : { id, chatId, seq, sender, type: draft.type, message, createdAt, clientId };
}

/** The append functions' eight arguments, in their order, from a draft. */
const appendColumns: readonly ((draft: AppendDraft) => string | null)[] = [
  (draft) => draft.id,
  (draft) => draft.chatId,
  (draft) => draft.sender,
  (draft) => draft.type,
  (draft) => draft.message,
  (draft) => draft.createdAt,
  (draft) => draft.clientId,
  (draft) => (draft.type === 'file' ? json(draft.file) : null),
];

/** A lone draft's arguments as single values (`parley_append_one`), a batch's as `text[]` literals. */
function appendParams(drafts: readonly AppendDraft[]): SqlParam[] {
  const [first] = drafts;
  if (drafts.length === 1) return appendColumns.map((column) => column(first!));
  return appendColumns.map((column) => textArrayLiteral(drafts.map(column)));
}

/** One row of the batch statement as the engine's answer for its draft. */
function toMemberAppendResult(row: AppendBatchRow, draft: AppendDraft, journaled: boolean): MemberAppendResult {
  switch (row.outcome) {
    case 'created': {
      const message = createdMessage(draft, row.seq!);
      return journaled
        ? { outcome: 'created', message, users: row.members!, journal: messageJournalKey(message) }
        : { outcome: 'created', message, users: row.members! };
    }
    case 'duplicate':
      return { outcome: 'duplicate', message: toMessage(row.duplicate!) };
    default:
      return { outcome: row.outcome };
  }
}

/** The duplicate-clientId race above: the first copy committed after our snapshot was taken. */
function lostClientIdRace(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'messages_chat_id_client_id_key';
}

/** Runs of a batch that keeps losing the clientId race before giving up. */
const maxAppendAttempts = 5;

/** Drafts in one append statement at most. */
const maxAppendBatch = 256;

/** A batch unanswered this long is given up (a silent connection); its clients resend. */
const appendStuckMs = 10_000;

/**
 * Append batches in flight at once on PostgreSQL, each on a pooled connection of its own, unless
 * `appendLanes` says otherwise. Measured at 2,000 msgs/s over 1,000 chats on 2 cores shared with the
 * database (BENCHMARKS.md): 4 lanes made most batches one draft, so one commit per message; fewer
 * lanes made batches bigger and cut the database's CPU by a fifth (2 lanes) to a third (1), at no
 * loss of throughput. Two keep a batch held up by one chat's lock from stopping every chat.
 */
const defaultPostgresAppendLanes = 2;

export interface SqlStoreSettings {
  /** PostgreSQL: append batches in flight at once (default 2); PGlite always has one. */
  appendLanes?: number;
}

/**
 * The engine's store on PostgreSQL or PGlite (see `openSqlStore`). Each unit is one SQL transaction
 * on one connection; `close()` waits for the units in flight and then closes the client.
 */
export function createSqlStore(client: SqlClient, settings: SqlStoreSettings = {}): SqlStore {
  let closed = false;
  /**
   * Calls in flight, which `close()` waits for. A count with one shared callback, not a set of
   * promises with a closure each to remove its own: every message passes here.
   */
  let inFlight = 0;
  let drained: (() => void) | undefined;
  function settled(): void {
    inFlight -= 1;
    if (inFlight === 0) drained?.();
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight += 1;
    promise.then(settled, settled);
    return promise;
  }

  const journal = createEventJournal(client);

  async function runAppendBatch(drafts: readonly AppendDraft[]): Promise<MemberAppendResult[]> {
    const lone = drafts.length === 1;
    const params = appendParams(drafts);
    const journaled = journal.policy.messages();
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await client.statement<AppendBatchRow>(appendSql[lone ? 'one' : 'batch'][journaled ? 'journaled' : 'plain'], params);
        // One row per draft, in the drafts' order (`ORDER BY ord`).
        return rows.map((row, index) => toMemberAppendResult(row, drafts[index]!, journaled));
      } catch (error) {
        if (attempt < maxAppendAttempts && lostClientIdRace(error)) continue;
        throw error;
      }
    }
  }
  const appendBatched = createAppendBatcher({
    run: runAppendBatch,
    lanes: client.dialect === 'postgres' ? (settings.appendLanes ?? defaultPostgresAppendLanes) : 1,
    maxBatch: maxAppendBatch,
    stuckMs: appendStuckMs,
  });

  return {
    cluster: createClusterTable(client),
    outbox: createOutboxTable(client),
    journal,
    sql: client,
    admin: createAdminTable(client),
    records: createRecordsTable(client),
    transaction(work) {
      if (closed) return Promise.reject(new Error('the store is closed'));
      // A retried unit gets a fresh StoreTransaction (and the engine a fresh Unit) each attempt.
      return track(client.transaction((tx) => work(createTransaction(tx, journal))));
    },
    appendMessageIfMember(draft) {
      if (closed) return Promise.reject(new Error('the store is closed'));
      return track(appendBatched(draft));
    },
    async putFile(file) {
      if (closed) throw new Error('the store is closed');
      await track(
        client.query(
          `INSERT INTO files (id, chat_id, uploader, name, mime_type, size, storage, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [file.id, file.chatId, file.uploader, file.name, file.mimeType, file.size, file.storage ?? 'database', file.createdAt],
        ),
      );
    },
    async getFile(id) {
      if (closed) throw new Error('the store is closed');
      const [row] = await track(
        client.query<FileRow>('SELECT id, chat_id, uploader, name, mime_type, size, storage, created_at FROM files WHERE id = $1', [id]),
      );
      return row && toFile(row);
    },
    async countChatFiles(chatId) {
      if (closed) throw new Error('the store is closed');
      const [row] = await track(client.query<{ count: number }>('SELECT count(*)::int AS count FROM files WHERE chat_id = $1', [chatId]));
      return row?.count ?? 0;
    },
    async putFileBytes(id, bytes) {
      if (closed) throw new Error('the store is closed');
      // Parameters travel as text (PGlite's extended protocol here): base64 is the compact form.
      await track(
        client.query(`INSERT INTO file_blobs (id, data) VALUES ($1, decode($2, 'base64')) ON CONFLICT (id) DO NOTHING`, [
          id,
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
        ]),
      );
    },
    async getFileBytes(id) {
      if (closed) throw new Error('the store is closed');
      const [row] = await track(client.query<{ data: string }>(`SELECT encode(data, 'base64') AS data FROM file_blobs WHERE id = $1`, [id]));
      // encode() wraps its base64 every 76 characters; Node's decoder skips the line breaks.
      return row && new Uint8Array(Buffer.from(row.data, 'base64'));
    },
    async deleteFileBytes(id) {
      if (closed) throw new Error('the store is closed');
      await track(client.query('DELETE FROM file_blobs WHERE id = $1', [id]));
    },
    async revokeToken(jti, expiresAt) {
      if (closed) throw new Error('the store is closed');
      const now = new Date().toISOString();
      await track(client.query('DELETE FROM revoked_tokens WHERE expires_at < $1', [now]));
      await track(
        client.query('INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING', [jti, expiresAt]),
      );
    },
    async isTokenRevoked(jti) {
      if (closed) throw new Error('the store is closed');
      const rows = await track(client.query<{ jti: string }>('SELECT jti FROM revoked_tokens WHERE jti = $1', [jti]));
      return rows.length > 0;
    },
    async revokedTokens() {
      if (closed) throw new Error('the store is closed');
      const rows = await track(
        client.query<{ jti: string; expires_at: string }>('SELECT jti, expires_at FROM revoked_tokens WHERE expires_at >= $1', [new Date().toISOString()]),
      );
      return rows.map((row) => ({ jti: row.jti, expiresAt: row.expires_at }));
    },
    async putCredentials(username, userId, passwordHash) {
      if (closed) throw new Error('the store is closed');
      await track(
        client.query(
          `INSERT INTO agent_credentials (username, user_id, password_hash) VALUES ($1, $2, $3)
           ON CONFLICT (username) DO UPDATE SET user_id = EXCLUDED.user_id, password_hash = EXCLUDED.password_hash`,
          [username, userId, passwordHash],
        ),
      );
    },
    async getCredentials(username) {
      if (closed) throw new Error('the store is closed');
      const [row] = await track(
        client.query<{ user_id: string; password_hash: string }>(
          'SELECT user_id, password_hash FROM agent_credentials WHERE username = $1',
          [username],
        ),
      );
      return row && { userId: row.user_id, passwordHash: row.password_hash };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await client.close();
    },
  };
}
