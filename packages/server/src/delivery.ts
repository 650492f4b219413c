import type { OutgoingEvent } from '@parley/engine';
import type { ServerEventName, ServerPayload } from '@parley/protocol';
import { userRoom } from './rooms';
import type { ParleyIo } from './socketTypes';

/** One engine event, with its name and payload still paired for the typed emit. */
interface Addressed<E extends ServerEventName> {
  event: E;
  payload: ServerPayload<E>;
  to: readonly string[];
}

type Target = ReturnType<ParleyIo['to']>;

/**
 * One typed emit per server event. socket.io's broadcast typing cannot pair a generic event name with
 * its payload, so each pairing is written out once here; a new event that is missing fails to compile.
 */
const emitters: { [E in ServerEventName]: (target: Target, payload: ServerPayload<E>) => void } = {
  'message:received': (target, payload) => target.emit('message:received', payload),
  'message:read': (target, payload) => target.emit('message:read', payload),
  'user:activity': (target, payload) => target.emit('user:activity', payload),
  'user:joined': (target, payload) => target.emit('user:joined', payload),
  'user:left': (target, payload) => target.emit('user:left', payload),
  'chat:updated': (target, payload) => target.emit('chat:updated', payload),
  'chat:closed': (target, payload) => target.emit('chat:closed', payload),
  'invitation:new': (target, payload) => target.emit('invitation:new', payload),
  'invitation:expired': (target, payload) => target.emit('invitation:expired', payload),
  'forever:alone': (target, payload) => target.emit('forever:alone', payload),
  'queues:update': (target, payload) => target.emit('queues:update', payload),
  'agent:status': (target, payload) => target.emit('agent:status', payload),
  'note:received': (target, payload) => target.emit('note:received', payload),
  'visitor:presence': (target, payload) => target.emit('visitor:presence', payload),
};

/**
 * The one place engine events leave the server: to every socket of their users, on every node
 * (through the adapter). Typing is volatile: a lost "writing" is harmless and must never queue up
 * behind a slow socket. `observe` sees each event first (metrics, the rooms /metrics reports).
 *
 * The `message:received` of a `messages:send` skips the socket that sent it: its ack carries the
 * stored message, which the client takes as the delivery (docs/protocol.md), so the echo was a
 * second write of the same message. The sender's other sockets (another tab) still get it.
 */
export function createDelivery(io: ParleyIo, observe: (event: OutgoingEvent) => void) {
  function emit<E extends ServerEventName>({ event, payload, to }: Addressed<E>, sentOver: string | undefined): void {
    const rooms = to.map(userRoom);
    if (event === 'user:activity') return emitters[event](io.volatile.to(rooms), payload);
    emitters[event](sentOver !== undefined && event === 'message:received' ? io.to(rooms).except(sentOver) : io.to(rooms), payload);
  }
  /** `sentOver`: the socket a `messages:send` came over (the engine passes the gateway's socket id back). */
  return function deliver(events: readonly OutgoingEvent[], sentOver?: string): void {
    for (const event of events) {
      observe(event);
      emit(event, sentOver);
    }
  };
}
