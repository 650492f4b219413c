import type { ChatRecord, StoreTransaction } from '@parley/engine';
import { toChat } from '@parley/engine';
import type { CannedResponse, ChatRating, ChatTranscript } from '@parley/protocol';
import { cannedResponseInputSchema, chatRatingInputSchema, chatSearchSchema, limits, ParleyError, parseWithSchema } from '@parley/protocol';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SqlStore } from './store/sqlStore';
import type { AuthenticateSession } from './sessionAuth';
import type { VerifiedToken } from './tokens';
import type { PublishWebhookEvent } from './webhooks/webhookEvents';
import { webhookEvent } from './webhooks/webhookEvents';

interface RecordsOptions {
  store: SqlStore;
  /** The caller's session (see `createSessionAuth`). */
  authenticate: AuthenticateSession;
  /** Where a rating is announced as `chat.rated`, in the transaction that stores it (not an engine event). */
  publish: PublishWebhookEvent;
}

/** Transcripts hold at most this many messages: the chat's imported history is bounded alike. */
const transcriptMessages = 10_000;

const cannedUpdateSchema = cannedResponseInputSchema.omit({ room: true });

/**
 * Who may read a chat's record (its transcript, the files sent in it): a member of the chat, or an agent
 * of its room, also once the agent has left it or it closed (the console's Records page). Anyone else
 * is answered as if the chat did not exist (§2). The transcript route refuses visitors before asking,
 * since it carries the agents' notes; a file link is the member visitor's as well.
 */
export async function readsChatRecord(tx: StoreTransaction, reader: Pick<VerifiedToken, 'sub' | 'role'>, chat: ChatRecord): Promise<boolean> {
  if (chat.users.includes(reader.sub)) return true;
  if (reader.role !== 'agent') return false;
  const profile = await tx.getAgentProfile(reader.sub);
  return profile?.rooms.includes(chat.room) ?? false;
}

/**
 * The agent toolbox's and records' REST routes (issue 17): canned responses, closed chats' search and
 * transcripts for agents of their rooms, and the visitor's rating (CSAT) after a chat closed. Internal
 * notes appear only in the agents' transcript; no route a visitor may call returns one.
 */
export function registerRecords(app: FastifyInstance, { store, authenticate, publish }: RecordsOptions): void {
  const records = store.records;

  /** The calling agent and the rooms it serves; a visitor's token is `forbidden`. */
  async function agentOf(request: FastifyRequest): Promise<{ id: string; rooms: string[] }> {
    const claims = await authenticate(request);
    if (claims.role !== 'agent') throw new ParleyError('forbidden', 'only agents use this route');
    const profile = await store.transaction((tx) => tx.getAgentProfile(claims.sub));
    return { id: claims.sub, rooms: profile?.rooms ?? [] };
  }

  function idParam(request: FastifyRequest, name: string): string {
    const value = (request.params as Record<string, string | undefined>)[name] ?? '';
    if (value === '' || value.length > limits.idLength) {
      throw new ParleyError('invalid_payload', `${name}: an id of 1 to ${limits.idLength} characters`);
    }
    return value;
  }

  /**
   * One response per shortcut in a scope (the agent's own, or a room's): typing `/bye` must not offer
   * two. Another response of the same scope with the shortcut is `conflict`.
   */
  async function requireFreeShortcut(agent: { id: string; rooms: string[] }, wanted: CannedResponse): Promise<void> {
    const visible = await records.listCanned(agent.id, agent.rooms);
    const taken = visible.some(
      (other) => other.id !== wanted.id && other.shortcut === wanted.shortcut && (wanted.room !== undefined ? other.room === wanted.room : other.owner === wanted.owner),
    );
    if (taken) {
      throw new ParleyError('conflict', `shortcut ${wanted.shortcut} is taken ${wanted.room !== undefined ? `in room ${wanted.room}` : 'among your own responses'}`);
    }
  }

  /** A canned response the agent may use and edit: its own, or one of a room it serves. */
  async function visibleCanned(agent: { id: string; rooms: string[] }, id: string): Promise<CannedResponse> {
    const response = await records.getCanned(id);
    const mine = response && (response.owner === agent.id || (response.room !== undefined && agent.rooms.includes(response.room)));
    if (!mine) throw new ParleyError('not_found', `canned response ${id} does not exist`);
    return response;
  }

  app.get('/v1/canned', async (request) => {
    const agent = await agentOf(request);
    return { responses: await records.listCanned(agent.id, agent.rooms) };
  });

  app.post('/v1/canned', async (request, reply) => {
    const agent = await agentOf(request);
    const input = parseWithSchema(cannedResponseInputSchema, request.body ?? {}, 'POST /v1/canned');
    if (input.room !== undefined && !agent.rooms.includes(input.room)) {
      throw new ParleyError('forbidden', `you do not serve room ${input.room}`);
    }
    const response: CannedResponse = { id: randomUUID(), shortcut: input.shortcut, text: input.text, updatedAt: new Date().toISOString() };
    if (input.room !== undefined) response.room = input.room;
    else response.owner = agent.id;
    await requireFreeShortcut(agent, response);
    await records.insertCanned(response);
    return reply.code(201).send({ response });
  });

  app.put('/v1/canned/:id', async (request) => {
    const agent = await agentOf(request);
    const id = idParam(request, 'id');
    const input = parseWithSchema(cannedUpdateSchema, request.body ?? {}, 'PUT /v1/canned/:id');
    const current = await visibleCanned(agent, id);
    await requireFreeShortcut(agent, { ...current, shortcut: input.shortcut });
    const response = await records.updateCanned(id, input.shortcut, input.text, new Date().toISOString());
    if (!response) throw new ParleyError('not_found', `canned response ${id} does not exist`);
    return { response };
  });

  app.delete('/v1/canned/:id', async (request, reply) => {
    const agent = await agentOf(request);
    const id = idParam(request, 'id');
    await visibleCanned(agent, id);
    await records.deleteCanned(id);
    return reply.code(204).send();
  });

  app.get('/v1/chats', async (request) => {
    const agent = await agentOf(request);
    const filters = parseWithSchema(chatSearchSchema, request.query ?? {}, 'GET /v1/chats');
    const chats = await records.search({
      rooms: agent.rooms,
      words: filters.q,
      room: filters.room,
      agent: filters.agent,
      visitor: filters.visitor,
      from: filters.from === undefined ? undefined : startOf(filters.from),
      to: filters.to === undefined ? undefined : endOf(filters.to),
      rating: filters.rating,
      before: filters.before,
      limit: filters.limit ?? 50,
    });
    return { chats };
  });

  app.get('/v1/chats/:chatId/transcript', async (request): Promise<ChatTranscript> => {
    const claims = await authenticate(request);
    // A visitor's own transcript is not served here: this one carries the agents' internal notes.
    if (claims.role !== 'agent') throw new ParleyError('forbidden', 'only agents read transcripts');
    const chatId = idParam(request, 'chatId');
    const transcript = await store.transaction(async (tx) => {
      const chat = await tx.getChat(chatId);
      if (!chat || !(await readsChatRecord(tx, claims, chat))) return undefined;
      const { messages } = await tx.listMessages(chatId, { afterSeq: 0, limit: transcriptMessages });
      const users = await tx.getUsers([...new Set([chat.creator, ...chat.users, ...(chat.assignee ? [chat.assignee] : [])])]);
      return { chat: toChat(chat), users, messages, notes: await tx.listNotes(chatId) };
    });
    if (!transcript) throw new ParleyError('not_found', `chat ${chatId} does not exist`);
    const rating = await records.getRating(chatId);
    return rating ? { ...transcript, rating } : transcript;
  });

  app.post('/v1/chats/:chatId/rating', async (request, reply) => {
    const claims = await authenticate(request);
    if (claims.role !== 'user') throw new ParleyError('forbidden', 'only the chat’s visitor rates it');
    const chatId = idParam(request, 'chatId');
    const input = parseWithSchema(chatRatingInputSchema, request.body ?? {}, 'POST /v1/chats/:chatId/rating');
    const chat = await store.transaction((tx) => tx.getChat(chatId));
    // Someone else's chat is answered as a missing one, as on the socket.
    if (!chat || chat.creator !== claims.sub) throw new ParleyError('not_found', `chat ${chatId} does not exist`);
    if (chat.status !== 'closed') throw new ParleyError('conflict', `chat ${chatId} is still open: rate it after it closed`);
    const rating: ChatRating = { chatId, rating: input.rating, createdAt: new Date().toISOString() };
    if (input.comment) rating.comment = input.comment;
    // Announced only if stored, and in the same commit: once, even if this node dies right after it.
    const rated = webhookEvent('chat.rated', chat.room, { chat: toChat(chat), rating: { ...rating } });
    if (!(await publish(rated, (tx) => records.insertRating(rating, claims.sub, tx)))) {
      throw new ParleyError('conflict', `chat ${chatId} was rated already`);
    }
    return reply.code(201).send({ rating });
  });

  app.get('/v1/ratings/summary', async (request) => {
    const agent = await agentOf(request);
    const query = parseWithSchema(chatSearchSchema.pick({ from: true, to: true }), request.query ?? {}, 'GET /v1/ratings/summary');
    return records.summary(
      agent.rooms,
      query.from === undefined ? undefined : startOf(query.from),
      query.to === undefined ? undefined : endOf(query.to),
    );
  });

}

/** A day (`2026-05-01`) starts at its UTC midnight; a timestamp is itself. */
function startOf(value: string): string {
  return new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value).toISOString();
}

/** A day (`2026-05-01`) includes all of it: the bound is the next midnight, exclusive. */
function endOf(value: string): string {
  if (value.length !== 10) return new Date(value).toISOString();
  return new Date(Date.parse(`${value}T00:00:00.000Z`) + 86_400_000).toISOString();
}
