import type { OutgoingEvent } from '@parley/engine';
import type { ServerEventPayloads } from '@parley/protocol';
import type { Server } from 'socket.io';
import { userRoom } from './rooms';

/** Emits through any broadcast operator; the event/payload pairing is guaranteed by OutgoingEvent. */
type Broadcast = { emit(event: keyof ServerEventPayloads, payload: OutgoingEvent['payload']): boolean };

/**
 * Sends engine events to every socket of their users, on every node (through the adapter). Typing is
 * volatile: a lost "writing" is harmless and must never queue up behind a slow socket.
 */
export function createDelivery(io: Server, onEvent: (event: OutgoingEvent) => void) {
  return function deliver(events: readonly OutgoingEvent[]): void {
    for (const event of events) {
      onEvent(event);
      const rooms = event.to.map(userRoom);
      const target: Broadcast = event.event === 'user:activity' ? io.volatile.to(rooms) : io.to(rooms);
      target.emit(event.event, event.payload);
    }
  };
}
