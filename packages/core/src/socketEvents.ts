import type { AckEnvelope, ClientEventName, ClientPayload, ClientResult, ClientToServerEvents, ServerEvent, ServerEventName, ServerToClientEvents } from '@parley/protocol';
import type { Socket } from 'socket.io-client';

/** The client's socket, typed by the protocol's event maps in both directions. */
export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/*
 * socket.io's typings cannot pair a generic event name with its payload, so each pairing is written
 * out once below, checked against the event maps; an event missing from either table fails to compile.
 */

type Ack<E extends ClientEventName> = (envelope: AckEnvelope<ClientResult<E>>) => void;

/** Sends one client event with its ack. */
export const commandEmitters: { [E in ClientEventName]: (socket: ParleySocket, payload: ClientPayload<E>, ack: Ack<E>) => void } = {
  'chats:create': (socket, payload, ack) => socket.emit('chats:create', payload, ack),
  'chats:assign': (socket, payload, ack) => socket.emit('chats:assign', payload, ack),
  'chats:join': (socket, payload, ack) => socket.emit('chats:join', payload, ack),
  'users:activity': (socket, payload, ack) => socket.emit('users:activity', payload, ack),
  'user:focus': (socket, payload, ack) => socket.emit('user:focus', payload, ack),
  'messages:read': (socket, payload, ack) => socket.emit('messages:read', payload, ack),
  'chats:close': (socket, payload, ack) => socket.emit('chats:close', payload, ack),
  'history:import': (socket, payload, ack) => socket.emit('history:import', payload, ack),
  'chats:get': (socket, payload, ack) => socket.emit('chats:get', payload, ack),
  'messages:send': (socket, payload, ack) => socket.emit('messages:send', payload, ack),
  'messages:list': (socket, payload, ack) => socket.emit('messages:list', payload, ack),
  'users:chats': (socket, payload, ack) => socket.emit('users:chats', payload, ack),
  'agents:status': (socket, payload, ack) => socket.emit('agents:status', payload, ack),
  'invitations:accept': (socket, payload, ack) => socket.emit('invitations:accept', payload, ack),
  'invitations:reject': (socket, payload, ack) => socket.emit('invitations:reject', payload, ack),
  'chats:transfer': (socket, payload, ack) => socket.emit('chats:transfer', payload, ack),
  'transfer:targets': (socket, payload, ack) => socket.emit('transfer:targets', payload, ack),
  'notes:add': (socket, payload, ack) => socket.emit('notes:add', payload, ack),
  'notes:list': (socket, payload, ack) => socket.emit('notes:list', payload, ack),
};

/** Listens to one server event and forwards it as a `ServerEvent`. */
export const serverEventListeners: { [E in ServerEventName]: (socket: ParleySocket, forward: (event: ServerEvent) => void) => void } = {
  'message:received': (socket, forward) => socket.on('message:received', (payload) => forward({ event: 'message:received', payload })),
  'message:read': (socket, forward) => socket.on('message:read', (payload) => forward({ event: 'message:read', payload })),
  'user:activity': (socket, forward) => socket.on('user:activity', (payload) => forward({ event: 'user:activity', payload })),
  'user:joined': (socket, forward) => socket.on('user:joined', (payload) => forward({ event: 'user:joined', payload })),
  'user:left': (socket, forward) => socket.on('user:left', (payload) => forward({ event: 'user:left', payload })),
  'chat:updated': (socket, forward) => socket.on('chat:updated', (payload) => forward({ event: 'chat:updated', payload })),
  'chat:closed': (socket, forward) => socket.on('chat:closed', (payload) => forward({ event: 'chat:closed', payload })),
  'invitation:new': (socket, forward) => socket.on('invitation:new', (payload) => forward({ event: 'invitation:new', payload })),
  'invitation:expired': (socket, forward) => socket.on('invitation:expired', (payload) => forward({ event: 'invitation:expired', payload })),
  'forever:alone': (socket, forward) => socket.on('forever:alone', (payload) => forward({ event: 'forever:alone', payload })),
  'queues:update': (socket, forward) => socket.on('queues:update', (payload) => forward({ event: 'queues:update', payload })),
  'agent:status': (socket, forward) => socket.on('agent:status', (payload) => forward({ event: 'agent:status', payload })),
  'note:received': (socket, forward) => socket.on('note:received', (payload) => forward({ event: 'note:received', payload })),
  'visitor:presence': (socket, forward) => socket.on('visitor:presence', (payload) => forward({ event: 'visitor:presence', payload })),
};
