import type { z } from 'zod';
import type { AckEnvelope } from './envelope';
import type {
  ActivityType,
  AgentStatus,
  Chat,
  ChatDetails,
  Message,
  MessagePage,
  Note,
  TransferAgent,
  TransferRoom,
  User,
} from './models';
import type { ClientPayloadSchemas } from './schemas';

/** What each client event answers with in its ack's `data` (PROTOCOL.md §4). */
export interface ClientEventResults {
  /** `resumed`: the visitor's open chat in that room, answered instead of a second one. */
  'chats:create': { chat: Chat; resumed?: true };
  'chats:assign': { chat: Chat };
  'chats:join': { chat: Chat };
  'users:activity': Record<string, never>;
  'user:focus': Record<string, never>;
  'messages:read': { chatId: string; seq: number };
  'chats:close': { chat: Chat };
  'history:import': { imported: number };
  'chats:get': { chat: ChatDetails };
  /** The stored message: to the sending socket this ack is the delivery (no `message:received` echo). */
  'messages:send': { message: Message };
  'messages:list': MessagePage;
  'users:chats': { chats: Chat[] };
  'agents:status': { user: User };
  'invitations:accept': { chat: Chat };
  'invitations:reject': { chat: Chat };
  'chats:transfer': { chat: Chat };
  'transfer:targets': { rooms: TransferRoom[]; agents: TransferAgent[] };
  'notes:add': { note: Note };
  'notes:list': { notes: Note[] };
}

export type ClientEventName = keyof ClientEventResults;

/** What a client sends for an event (before validation: e.g. `source` may be a number). */
export type ClientPayload<E extends ClientEventName> = z.input<ClientPayloadSchemas[E]>;

/** What the server works with after validation (e.g. `source` is a string, `fields` a list). */
export type ClientCommand<E extends ClientEventName> = z.output<ClientPayloadSchemas[E]>;

export type ClientResult<E extends ClientEventName> = ClientEventResults[E];

/** Events the server pushes (PROTOCOL.md §5): name → payload. */
export interface ServerEventPayloads {
  /** To the chat's members' sockets, except the socket that sent it (its ack carried the message). */
  'message:received': { message: Message };
  'message:read': { chatId: string; userId: string; seq: number; messageId: string };
  'user:activity': { chatId: string; userId: string; type: ActivityType };
  'user:joined': { chatId: string; user: User };
  'user:left': { chatId: string; user: User };
  'chat:updated': { chat: Chat };
  'chat:closed': { chatId: string; userId: string };
  'invitation:new': { chat: Chat; expiresAt: string };
  'invitation:expired': { chatId: string };
  'forever:alone': { chatId: string };
  'queues:update': { chatId: string; queuePosition: number };
  'agent:status': { userId: string; status: AgentStatus };
  'note:received': { note: Note };
  /**
   * To the chat's other members (its agents): the visitor left (no socket of theirs connected, on any
   * node, for the presence grace) or came back after that.
   */
  'visitor:presence': { chatId: string; userId: string; online: boolean };
}

export type ServerEventName = keyof ServerEventPayloads;
export type ServerPayload<E extends ServerEventName> = ServerEventPayloads[E];

/** socket.io typing of the client → server direction: payload plus an ack carrying the envelope. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: (response: AckEnvelope<ClientResult<E>>) => void) => void;
};

/** socket.io typing of the server → client direction. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerPayload<E>) => void;
};

/** One pushed event, typed so `event` and `payload` always agree. */
export type ServerEvent = {
  [E in ServerEventName]: { event: E; payload: ServerPayload<E> };
}[ServerEventName];

/** The names of PROTOCOL.md §4 and §5, for iteration (validators, metrics, docs). */
export const clientEventNames = [
  'chats:create',
  'chats:assign',
  'chats:join',
  'users:activity',
  'user:focus',
  'messages:read',
  'chats:close',
  'history:import',
  'chats:get',
  'messages:send',
  'messages:list',
  'users:chats',
  'agents:status',
  'invitations:accept',
  'invitations:reject',
  'chats:transfer',
  'transfer:targets',
  'notes:add',
  'notes:list',
] as const satisfies readonly ClientEventName[];

export const serverEventNames = [
  'message:received',
  'message:read',
  'user:activity',
  'user:joined',
  'user:left',
  'chat:updated',
  'chat:closed',
  'invitation:new',
  'invitation:expired',
  'forever:alone',
  'queues:update',
  'agent:status',
  'note:received',
  'visitor:presence',
] as const satisfies readonly ServerEventName[];

export function isClientEventName(value: unknown): value is ClientEventName {
  return typeof value === 'string' && (clientEventNames as readonly string[]).includes(value);
}
