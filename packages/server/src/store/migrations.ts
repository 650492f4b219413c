import type { SqlClient } from './sqlClient';

export interface Migration {
  /** Applied in ascending order; never renumber or edit a released one, add a new one. */
  id: number;
  name: string;
  sql: string;
}

/*
 * Conventions of the schema:
 * - Timestamps are the engine's ISO strings (`2026-01-01T00:00:00.000Z`) kept as text, so what comes
 *   back is byte-identical to what went in, and ordering them as text is ordering them in time.
 * - Ids and timestamps that are compared or sorted are `COLLATE "C"`: byte order, which is the
 *   memory store's JavaScript string order for them, whatever the database's default locale is.
 * - `ordinal` identity columns remember insertion order, which the memory store (a Map) uses to break
 *   ties; they never leave the store.
 * - No foreign keys: the memory store does not enforce them either, and every unit already locks the
 *   rows it depends on.
 */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE users (
        id         text COLLATE "C" PRIMARY KEY,
        role       text NOT NULL,
        name       text NOT NULL,
        nickname   text,
        contact    text,
        extra_info jsonb,
        status     text
      );

      CREATE TABLE agent_profiles (
        user_id          text COLLATE "C" PRIMARY KEY,
        rooms            text[] NOT NULL,
        capacity         integer NOT NULL,
        last_offered_at  text COLLATE "C",
        last_assigned_at text COLLATE "C"
      );
      -- listRoomAgents: rooms @> ARRAY[room]
      CREATE INDEX agent_profiles_rooms ON agent_profiles USING gin (rooms);

      CREATE TABLE agent_credentials (
        username      text PRIMARY KEY,
        user_id       text NOT NULL,
        password_hash text NOT NULL
      );

      CREATE TABLE chats (
        id         text COLLATE "C" PRIMARY KEY,
        ordinal    bigint GENERATED ALWAYS AS IDENTITY,
        room       text NOT NULL,
        source     text NOT NULL,
        lang       text NOT NULL,
        creator    text NOT NULL,
        status     text NOT NULL,
        assignee   text,
        -- members in the order they joined
        users      text[] NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        closed_at  text,
        closed_by  text,
        -- moved only by appendMessage, under the row's lock
        last_seq   integer NOT NULL DEFAULT 0,
        queued_at  text COLLATE "C",
        routing    jsonb
      );
      -- listQueue: the room's routed waiting chats in queue order
      CREATE INDEX chats_queue ON chats (room, queued_at, id) WHERE status = 'waiting' AND queued_at IS NOT NULL;
      -- findOpenChat
      CREATE INDEX chats_open_by_creator ON chats (creator, room) WHERE status <> 'closed';
      -- listUserChats: users @> ARRAY[user]
      CREATE INDEX chats_users ON chats USING gin (users);
      -- listRoomAgents: open chats per agent
      CREATE INDEX chats_active_by_assignee ON chats (assignee) WHERE status = 'active';

      -- The primary key is the "one offer per chat" rule.
      CREATE TABLE offers (
        chat_id    text COLLATE "C" PRIMARY KEY,
        ordinal    bigint GENERATED ALWAYS AS IDENTITY,
        agent_id   text NOT NULL,
        created_at text NOT NULL,
        expires_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX offers_expires_at ON offers (expires_at);
      CREATE INDEX offers_agent ON offers (agent_id);

      CREATE TABLE messages (
        id         text PRIMARY KEY,
        chat_id    text NOT NULL,
        seq        integer NOT NULL,
        sender     text NOT NULL,
        type       text NOT NULL,
        message    text NOT NULL,
        client_id  text,
        created_at text NOT NULL,
        imported   boolean NOT NULL DEFAULT false,
        -- paging (listMessages) walks this index; it also guards "no two messages share a seq"
        UNIQUE (chat_id, seq),
        -- exactly-once: a resend with the same clientId is answered with the first message
        -- (NULL client ids are distinct, so messages without one never collide)
        UNIQUE (chat_id, client_id)
      );

      CREATE TABLE read_state (
        chat_id text NOT NULL,
        user_id text NOT NULL,
        seq     integer NOT NULL,
        PRIMARY KEY (chat_id, user_id)
      );
    `,
  },
  {
    id: 2,
    name: 'one open chat per visitor and room',
    // The engine checks with findOpenChat first; this index settles the race of two concurrent
    // chats:create on PostgreSQL: the loser's insert conflicts, its unit reruns and sees the winner.
    sql: `CREATE UNIQUE INDEX chats_one_open_per_creator_room ON chats (creator, room) WHERE status <> 'closed';`,
  },
  {
    id: 3,
    name: 'cluster presence: node leases and the agents each node holds sockets of',
    // Times are the database's own clock (now()), so nodes with skewed clocks agree on leases.
    sql: `
      CREATE TABLE cluster_nodes (
        id          text COLLATE "C" PRIMARY KEY,
        lease_until timestamptz NOT NULL
      );
      CREATE TABLE agent_presence (
        node_id  text COLLATE "C" NOT NULL,
        agent_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (node_id, agent_id)
      );
      CREATE INDEX agent_presence_agent ON agent_presence (agent_id);
    `,
  },
  {
    id: 4,
    name: 'revoked sessions',
    // Agents log out (issue 13): the token's id is kept until the token would have expired anyway.
    sql: `
      CREATE TABLE revoked_tokens (
        jti        text COLLATE "C" PRIMARY KEY,
        expires_at text COLLATE "C" NOT NULL
      );`,
  },
  {
    id: 5,
    name: 'agent photos',
    // An agent's avatar photo (issue 15); the widget and console show initials when it is NULL.
    sql: `ALTER TABLE users ADD COLUMN avatar_url text;`,
  },
  {
    id: 6,
    name: 'visitors verified by a host-minted identity token',
    // What the host vouched for, kept apart from what the page said (name, contact, extra_info).
    sql: `ALTER TABLE users ADD COLUMN verified jsonb;`,
  },
  {
    id: 7,
    name: 'administration: admins, deactivated agents, rooms, one-time links, audit log',
    // Issue 16. Rooms created by an admin live here so every node sees them; rooms of `--rooms` and
    // `--room-settings` stay in the config. Links keep only a hash of their token: a database dump
    // does not hand out password resets.
    sql: `
      CREATE TABLE agent_accounts (
        user_id  text COLLATE "C" PRIMARY KEY,
        admin    boolean NOT NULL DEFAULT false,
        disabled boolean NOT NULL DEFAULT false
      );
      CREATE TABLE rooms (
        name       text COLLATE "C" PRIMARY KEY,
        welcome    text,
        reply_time text,
        hours      jsonb,
        created_at text NOT NULL,
        updated_at text NOT NULL
      );
      CREATE TABLE password_links (
        token_hash text PRIMARY KEY,
        purpose    text NOT NULL,
        user_id    text,
        expires_at text COLLATE "C" NOT NULL,
        used_at    text
      );
      CREATE TABLE audit_log (
        id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at      text COLLATE "C" NOT NULL,
        actor   text NOT NULL,
        action  text NOT NULL,
        target  text NOT NULL,
        details jsonb
      );
    `,
  },
  {
    id: 8,
    name: 'files: uploaded files, their bytes when kept in the database, and file messages',
    // A `file` message keeps its attachment (id, name, type, size) with it, so history reads need no
    // join. `files.storage` names where the bytes are ('database' or 's3'): a deployment that moves to
    // S3 still serves what it stored before. Bytes in the database sit in a table of their own, so
    // reading a file's record never drags its bytes along.
    sql: `
      ALTER TABLE messages ADD COLUMN file jsonb;
      CREATE TABLE files (
        id         text COLLATE "C" PRIMARY KEY,
        chat_id    text COLLATE "C" NOT NULL,
        uploader   text NOT NULL,
        name       text NOT NULL,
        mime_type  text NOT NULL,
        size       integer NOT NULL,
        storage    text NOT NULL,
        created_at text NOT NULL
      );
      CREATE INDEX files_chat ON files (chat_id);
      CREATE TABLE file_blobs (
        id   text COLLATE "C" PRIMARY KEY,
        data bytea NOT NULL
      );`,
  },
  {
    id: 9,
    name: 'the agent toolbox and records: notes, canned responses, visitor context, search, ratings',
    // Issue 17. Notes sit apart from messages: they take no seq, and no query that serves a visitor
    // reads this table. Search is an expression GIN index (the 'simple' configuration: chats come in
    // every language), so the message hot path writes no extra column.
    sql: `
      CREATE TABLE notes (
        id         text PRIMARY KEY,
        chat_id    text NOT NULL,
        ordinal    bigint GENERATED ALWAYS AS IDENTITY,
        sender     text NOT NULL,
        message    text NOT NULL,
        client_id  text NOT NULL,
        created_at text NOT NULL,
        after_seq  integer NOT NULL,
        UNIQUE (chat_id, client_id)
      );

      CREATE TABLE canned_responses (
        id         text COLLATE "C" PRIMARY KEY,
        ordinal    bigint GENERATED ALWAYS AS IDENTITY,
        -- exactly one of owner (personal) and room (shared by the room's agents)
        owner      text,
        room       text,
        shortcut   text NOT NULL,
        text       text NOT NULL,
        updated_at text NOT NULL,
        CHECK ((owner IS NULL) <> (room IS NULL))
      );
      CREATE INDEX canned_responses_owner ON canned_responses (owner) WHERE owner IS NOT NULL;
      CREATE INDEX canned_responses_room ON canned_responses (room) WHERE room IS NOT NULL;

      -- what the widget saw when the chat started (page, browser, language, time zone)
      ALTER TABLE chats ADD COLUMN context jsonb;
      CREATE INDEX chats_closed ON chats (closed_at) WHERE status = 'closed';
      CREATE INDEX chats_creator ON chats (creator);

      CREATE INDEX messages_search ON messages USING gin (to_tsvector('simple', message));

      CREATE TABLE chat_ratings (
        chat_id    text COLLATE "C" PRIMARY KEY,
        visitor    text NOT NULL,
        rating     integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment    text,
        created_at text NOT NULL
      );
    `,
  },
  {
    id: 10,
    name: 'outbox for e-mail and webhooks, offline-message chats, webhook targets',
    // Issue 17: work that leaves the server (SMTP, webhook POSTs) is queued here, never done on the
    // message path. `lane` keeps a webhook target's deliveries in order; `claim` and `locked_until`
    // let exactly one node hold a row at a time (claimed with FOR UPDATE SKIP LOCKED).
    sql: `
      CREATE TABLE outbox (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind            text NOT NULL,
        lane            text COLLATE "C",
        payload         jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'pending',
        attempts        integer NOT NULL DEFAULT 0,
        max_attempts    integer NOT NULL,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until    timestamptz,
        claim           text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz,
        log             jsonb NOT NULL DEFAULT '[]'
      );
      CREATE INDEX outbox_due ON outbox (kind, next_attempt_at, id) WHERE status = 'pending';
      CREATE INDEX outbox_lane ON outbox (lane, id) WHERE status = 'pending';
      CREATE INDEX outbox_log ON outbox (kind, id);

      -- Chats started as a message left while nobody of the room was online: replies go out by e-mail.
      CREATE TABLE offline_chats (
        chat_id    text COLLATE "C" PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Webhook targets added through the admin REST API (those of --webhooks-file live in memory).
      CREATE TABLE webhooks (
        id         text COLLATE "C" PRIMARY KEY,
        room       text,
        url        text NOT NULL,
        secret     text NOT NULL,
        events     text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    id: 11,
    name: 'a room\'s team e-mail addresses, set by an admin',
    // Issue 18: rooms kept in the database get the `teamEmail` that `--room-settings` gives the
    // others (where messages left while nobody was online are e-mailed). A JSON string or array.
    sql: `ALTER TABLE rooms ADD COLUMN team_email text;`,
  },
  {
    id: 13,
    name: 'a chat\'s origin (offline-message) on the chat itself, replacing offline_chats',
    // Issue 17: agents' lists show which chats began as a message left while nobody was online, so
    // the mark travels with the chat (Chat.origin) instead of living in a table beside it. Only
    // the server's mail planner sets it; the engine's writes leave it alone (like context).
    sql: `
      ALTER TABLE chats ADD COLUMN origin text;
      UPDATE chats SET origin = 'offline-message' WHERE id IN (SELECT chat_id FROM offline_chats);
      DROP TABLE offline_chats;
    `,
  },
  {
    id: 14,
    name: 'the batched message append as a function planned once (generic plan)',
    // Issue 18: appendMessageIfMember's batch statement. The drafts come as parallel arrays
    // (`unnest`), so the text is the same whatever the batch size. `locked` takes the row locks of
    // the batch's chats in id order (two batches on two nodes never deadlock) and, under READ
    // COMMITTED, reads each row as its last writer committed it: membership, status and `last_seq`
    // are the current ones. Each chat's drafts that pass get `last_seq + 1, + 2, …` in the batch's
    // order (`row_number` per chat), and the chat's `last_seq` moves past the last of them: gap-free,
    // never twice, never mixed between chats. The clientId lookup reads the statement's snapshot,
    // which can miss a first copy committed while we waited for a lock: then the insert hits UNIQUE
    // (chat_id, client_id), the call fails whole (nothing stored, no seq consumed) and the store runs
    // it again, finding that first copy. The batcher never puts two drafts with the same
    // (chat, clientId) in one batch.
    // Why a function: as a prepared statement PostgreSQL's plan cache kept choosing a custom plan
    // for batches under ~10 drafts (it knows their size, so each looks cheaper than the generic
    // plan) and planned these nine CTEs anew on every call, ~0.5 ms of backend CPU, most of the cost
    // of a one-message batch. `SET plan_cache_mode` on the function forces the generic plan for this
    // statement alone (every other query keeps the default). `locked` reads the chats by
    // `id = ANY ($2)`, an index scan: as a semi-join on `input` the generic plan (which guesses ten
    // drafts) scanned the whole chats table. `enable_seqscan = off`: the one plan is made on the
    // connection's first call, maybe on a new, nearly empty messages table, where a scan looks
    // cheaper than the clientId index and then stays in the plan as the table grows (until an
    // autoanalyze); every table this statement reads has the index it needs. Changing the statement
    // means a new migration with CREATE OR REPLACE FUNCTION.
    sql: `
      -- $1 … $8: the drafts' ids, chat ids, senders, types, texts, createdAt, clientIds, files (JSON)
      CREATE FUNCTION parley_append_messages(text[], text[], text[], text[], text[], text[], text[], text[]) RETURNS TABLE (
        ord bigint, outcome text, members text[], id text, chat_id text, seq integer, sender text, type text,
        message text, client_id text, created_at text, imported boolean, file jsonb
      ) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $append$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
      WITH input AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
          AS i(id, chat_id, sender, type, message, created_at, client_id, file, ord)
      ), locked AS (
        SELECT id, users, status, last_seq FROM chats WHERE id = ANY ($2::text[]) ORDER BY id FOR UPDATE
      ), existing AS (
        SELECT m.id, m.chat_id, m.seq, m.sender, m.type, m.message, m.client_id, m.created_at, m.imported, m.file FROM messages m JOIN input i ON m.chat_id = i.chat_id AND m.client_id = i.client_id
      ), judged AS (
        SELECT i.*, l.users, l.last_seq, e.id AS existing_id,
          CASE
            WHEN l.id IS NULL THEN 'no_chat'
            WHEN NOT (i.sender = ANY (l.users)) THEN 'not_member'
            WHEN e.id IS NOT NULL THEN 'duplicate'
            WHEN l.status = 'closed' THEN 'closed'
            ELSE 'created'
          END AS outcome
        FROM input i
        LEFT JOIN locked l ON l.id = i.chat_id
        LEFT JOIN existing e ON e.chat_id = i.chat_id AND e.client_id = i.client_id
      ), numbered AS (
        SELECT id, chat_id, sender, type, message, created_at, client_id, file,
          (last_seq + row_number() OVER (PARTITION BY chat_id ORDER BY ord))::int AS seq
        FROM judged WHERE outcome = 'created'
      ), inserted AS (
        INSERT INTO messages (id, chat_id, seq, sender, type, message, client_id, created_at, imported, file)
        SELECT id, chat_id, seq, sender, type, message, client_id, created_at, false, file::jsonb FROM numbered
        RETURNING id, chat_id, seq, sender, type, message, client_id, created_at, imported, file
      ), bumped AS (
        UPDATE chats SET last_seq = n.seq
        FROM (SELECT chat_id, max(seq) AS seq FROM numbered GROUP BY chat_id) AS n
        WHERE chats.id = n.chat_id
        RETURNING chats.id
      )
      SELECT j.ord, j.outcome, j.users AS members, m.*
      FROM judged j
      LEFT JOIN (SELECT * FROM inserted UNION ALL SELECT * FROM existing) AS m
        ON m.id = CASE j.outcome WHEN 'created' THEN j.id WHEN 'duplicate' THEN j.existing_id END
      ORDER BY j.ord;
      END
      $append$;
    `,
  },
  {
    id: 15,
    name: 'the batched append answers a created message with its seq, not the row the server sent',
    // Issue 18: the server already holds every column of a message it sends (the draft), except its
    // seq. Migration 14's function returned each created message's whole row back to the server,
    // which parsed nine text columns per message (most of the driver's CPU per message) to rebuild
    // what it had. This function is 14's, with one difference in what it answers: a created draft
    // gets its seq and the chat's members only; a duplicate gets the stored (first) message whole
    // and no members (nothing is broadcast for it); the other outcomes get neither. The insert no
    // longer returns its rows (a data-modifying CTE runs whether or not it is read). Everything that
    // decides an outcome (locks, snapshot, numbering, the UNIQUE retry) is 14's, unchanged.
    // A new name, not CREATE OR REPLACE: the result's shape changed, and during a rolling upgrade the
    // previous version's nodes still call parley_append_messages, which stays.
    sql: `
      -- $1 … $8: the drafts' ids, chat ids, senders, types, texts, createdAt, clientIds, files (JSON)
      CREATE FUNCTION parley_append_batch(text[], text[], text[], text[], text[], text[], text[], text[]) RETURNS TABLE (
        ord bigint, outcome text, members text[], seq integer, id text, chat_id text, sender text, type text,
        message text, client_id text, created_at text, imported boolean, file jsonb
      ) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $append$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
      WITH input AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
          AS i(id, chat_id, sender, type, message, created_at, client_id, file, ord)
      ), locked AS (
        SELECT id, users, status, last_seq FROM chats WHERE id = ANY ($2::text[]) ORDER BY id FOR UPDATE
      ), existing AS (
        SELECT m.id, m.chat_id, m.seq, m.sender, m.type, m.message, m.client_id, m.created_at, m.imported, m.file FROM messages m JOIN input i ON m.chat_id = i.chat_id AND m.client_id = i.client_id
      ), judged AS (
        SELECT i.*, l.users, l.last_seq, e.id AS existing_id,
          CASE
            WHEN l.id IS NULL THEN 'no_chat'
            WHEN NOT (i.sender = ANY (l.users)) THEN 'not_member'
            WHEN e.id IS NOT NULL THEN 'duplicate'
            WHEN l.status = 'closed' THEN 'closed'
            ELSE 'created'
          END AS outcome
        FROM input i
        LEFT JOIN locked l ON l.id = i.chat_id
        LEFT JOIN existing e ON e.chat_id = i.chat_id AND e.client_id = i.client_id
      ), numbered AS (
        SELECT id, chat_id, sender, type, message, created_at, client_id, file, ord,
          (last_seq + row_number() OVER (PARTITION BY chat_id ORDER BY ord))::int AS seq
        FROM judged WHERE outcome = 'created'
      ), inserted AS (
        INSERT INTO messages (id, chat_id, seq, sender, type, message, client_id, created_at, imported, file)
        SELECT id, chat_id, seq, sender, type, message, client_id, created_at, false, file::jsonb FROM numbered
      ), bumped AS (
        UPDATE chats SET last_seq = n.seq
        FROM (SELECT chat_id, max(seq) AS seq FROM numbered GROUP BY chat_id) AS n
        WHERE chats.id = n.chat_id
        RETURNING chats.id
      )
      SELECT j.ord, j.outcome, CASE WHEN j.outcome = 'created' THEN j.users END, coalesce(n.seq, e.seq),
        e.id, e.chat_id, e.sender, e.type, e.message, e.client_id, e.created_at, e.imported, e.file
      FROM judged j
      LEFT JOIN numbered n ON n.ord = j.ord
      LEFT JOIN existing e ON j.outcome = 'duplicate' AND e.id = j.existing_id
      ORDER BY j.ord;
      END
      $append$;
    `,
  },
  {
    id: 16,
    name: 'the event journal: committed events whose e-mail and webhooks are not queued yet',
    // Issue 17: webhooks and e-mail are queued in the outbox a moment after the command that caused
    // them (the ack never waits for it). A node that died in that moment lost them. Now the command's
    // own transaction (or the append statement) also writes a journal entry, the node that queues
    // the outbox items deletes the entry in the same transaction, and any node queues entries left
    // behind by a dead one. A message's entry names it (chat_id, seq) and is read back from messages;
    // any other entry holds its events as JSON. Written only while something needs it (a webhook
    // target, or e-mail for messages), so a server without either pays nothing on the message path.
    sql: `
      CREATE TABLE event_journal (
        key        text COLLATE "C" PRIMARY KEY,
        chat_id    text,
        seq        integer,
        entry      jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX event_journal_created_at ON event_journal (created_at);
    `,
  },
  {
    id: 17,
    name: 'a lone draft appended by four plain statements instead of the batch function',
    // Issue 18: at 2,000 msgs/s over 1,000 chats most batches hold one draft, and the batch
    // function's nine CTEs (unnest, window numbering, joins) cost a lone draft ~260 µs of backend
    // CPU, measured against ~140 µs for this function (one connection, synchronous_commit off,
    // round trip subtracted). Same arguments as single values, same result shape and outcomes as
    // parley_append_batch (ord 1). Each statement of a plpgsql function takes a fresh snapshot under
    // READ COMMITTED: the chat's row is locked first, so the clientId lookup after it sees every copy
    // committed before the lock was ours, and the rare race on UNIQUE (chat_id, client_id) left is
    // the batch's (the call fails whole and the store runs it again).
    sql: `
      CREATE FUNCTION parley_append_one(p_id text, p_chat text, p_sender text, p_type text, p_message text, p_created_at text, p_client_id text, p_file text)
      RETURNS TABLE (
        ord bigint, outcome text, members text[], seq integer, id text, chat_id text, sender text, type text,
        message text, client_id text, created_at text, imported boolean, file jsonb
      ) LANGUAGE plpgsql AS $append$
      #variable_conflict use_column
      DECLARE
        chat_users text[];
        chat_status text;
        chat_last_seq integer;
        first record;
        next_seq integer;
      BEGIN
        SELECT c.users, c.status, c.last_seq INTO chat_users, chat_status, chat_last_seq FROM chats c WHERE c.id = p_chat FOR UPDATE;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 1::bigint, 'no_chat'::text, NULL::text[], NULL::integer, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::boolean, NULL::jsonb;
          RETURN;
        END IF;
        IF NOT (p_sender = ANY (chat_users)) THEN
          RETURN QUERY SELECT 1::bigint, 'not_member'::text, NULL::text[], NULL::integer, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::boolean, NULL::jsonb;
          RETURN;
        END IF;
        SELECT m.id, m.chat_id, m.seq, m.sender, m.type, m.message, m.client_id, m.created_at, m.imported, m.file INTO first
          FROM messages m WHERE m.chat_id = p_chat AND m.client_id = p_client_id;
        IF FOUND THEN
          RETURN QUERY SELECT 1::bigint, 'duplicate'::text, NULL::text[], first.seq, first.id, first.chat_id, first.sender, first.type, first.message, first.client_id, first.created_at, first.imported, first.file;
          RETURN;
        END IF;
        IF chat_status = 'closed' THEN
          RETURN QUERY SELECT 1::bigint, 'closed'::text, NULL::text[], NULL::integer, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::boolean, NULL::jsonb;
          RETURN;
        END IF;
        next_seq := chat_last_seq + 1;
        INSERT INTO messages (id, chat_id, seq, sender, type, message, client_id, created_at, imported, file)
          VALUES (p_id, p_chat, next_seq, p_sender, p_type, p_message, p_client_id, p_created_at, false, p_file::jsonb);
        UPDATE chats SET last_seq = next_seq WHERE chats.id = p_chat;
        RETURN QUERY SELECT 1::bigint, 'created'::text, chat_users, next_seq, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::boolean, NULL::jsonb;
      END
      $append$;
    `,
  },
  {
    id: 18,
    name: 'records search indexes a chat\'s messages when it closes, not each message as it is sent',
    // Issue 18: messages_search (a GIN index over to_tsvector(message)) made every append tokenize
    // its text and add its words to the index's pending list, and now and then one append merged that
    // list into the index (tens of ms, holding its chat's lock and its append lane). Records search
    // only ever looks at closed chats, and a closed chat takes no more messages (the append refuses
    // it under the chat's lock), so a chat's words are indexed once, in the transaction that closes
    // it: the trigger's INSERT runs after the UPDATE holds the chat's row lock and takes its own
    // snapshot, so it sees every message committed before the close. The stored document keeps word
    // positions, so a phrase is checked without parsing the message again.
    sql: `
      CREATE TABLE message_search (
        chat_id  text NOT NULL,
        seq      integer NOT NULL,
        document tsvector NOT NULL,
        PRIMARY KEY (chat_id, seq)
      );
      CREATE INDEX message_search_document ON message_search USING gin (document);
      INSERT INTO message_search (chat_id, seq, document)
        SELECT m.chat_id, m.seq, to_tsvector('simple', m.message)
        FROM messages m JOIN chats c ON c.id = m.chat_id
        WHERE c.status = 'closed';
      DROP INDEX messages_search;

      CREATE FUNCTION parley_index_closed_chat() RETURNS trigger LANGUAGE plpgsql AS $index$
      BEGIN
        INSERT INTO message_search (chat_id, seq, document)
          SELECT m.chat_id, m.seq, to_tsvector('simple', m.message) FROM messages m WHERE m.chat_id = NEW.id
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $index$;
      CREATE TRIGGER chats_index_on_close AFTER UPDATE OF status ON chats FOR EACH ROW
        WHEN (NEW.status = 'closed' AND OLD.status IS DISTINCT FROM 'closed')
        EXECUTE FUNCTION parley_index_closed_chat();
    `,
  },
  {
    id: 19,
    name: "agents' own status choices, counted, so presence never overwrites one",
    // AgentProfile.statusChoices: an agent's `offline` while it is offline changes no status, so
    // presence's "online on connect", conditional on the status it read, could not see it and brought
    // the agent online. Nodes of the previous version leave the count alone (their upsert names the
    // columns it knows).
    sql: `ALTER TABLE agent_profiles ADD COLUMN status_choices integer NOT NULL DEFAULT 0;`,
  },
];

/** Any constant; it only has to be the same on every node that shares the database. */
const migrationLockKey = 7_052_311_204;

/**
 * Brings the schema up to date: each pending migration runs once, in order, in one transaction with
 * its record in `parley_migrations`, so a failed start leaves the database as it was. Safe on every
 * start, and from several nodes starting together against one PostgreSQL: the first takes a
 * transaction-scoped advisory lock, the others wait on it and then (READ COMMITTED: each statement
 * sees what committed before it began) find nothing left to do. The lock comes before even
 * `CREATE TABLE IF NOT EXISTS`, which is not safe against itself when run concurrently. On PGlite
 * the lock is a formality: its transactions run one at a time anyway.
 *
 * Returns the ids it applied.
 */
export async function migrate(client: SqlClient, all: readonly Migration[] = migrations): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.query(`
      CREATE TABLE IF NOT EXISTS parley_migrations (
        id         integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const rows = await tx.query<{ id: number }>('SELECT id FROM parley_migrations');
    const applied = new Set(rows.map((row) => row.id));
    const done: number[] = [];
    for (const migration of [...all].sort((a, b) => a.id - b.id)) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO parley_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      done.push(migration.id);
    }
    return done;
  });
}
