// A Transport (the public interface of @parley/core) that the client-side benchmarks push server events
// into: what the socket.io transport hands the client once socket.io has parsed a frame. The client's own
// path from there (sequencer → emitter → store, and in the rendering benchmark on through the hooks to
// the list) is what gets measured. No Node or DOM APIs: the rendering benchmark's page uses it too.
import type { AckEnvelope, ClientEventName, ClientPayload, ClientResult, ServerEvent, User } from '@parley/protocol';
import { ackError, ackOk } from '@parley/protocol';
import type { ConnectionState, Transport, TransportListeners } from '@parley/core';

export interface PushTransport extends Transport {
  readonly user: User;
  /** One server push, delivered synchronously like a socket.io event. */
  push(event: ServerEvent): void;
}

export function createPushTransport(user: User): PushTransport {
  let listeners: TransportListeners | undefined;
  let state: ConnectionState = { status: 'idle' };
  const setState = (next: ConnectionState) => {
    state = next;
    listeners?.state(next);
  };
  return {
    user,
    get state() {
      return state;
    },
    emit<E extends ClientEventName>(event: E, _payload: ClientPayload<E>): Promise<AckEnvelope<ClientResult<E>>> {
      // The only request a receiving client makes: the backfill when it starts following a chat. The
      // benchmarks' chats start empty on the "server" (their messages are pushed), so the page is empty.
      if (event === 'messages:list') {
        const page: ClientResult<'messages:list'> = { messages: [], hasMore: false };
        return Promise.resolve(ackOk(page) as AckEnvelope<ClientResult<E>>);
      }
      return Promise.resolve(ackError({ code: 'internal', message: `the benchmark's transport does not answer ${event}` }));
    },
    listen(next) {
      listeners = next;
      return () => {
        listeners = undefined;
      };
    },
    connect: () => setState({ status: 'connected' }),
    disconnect: () => setState({ status: 'disconnected' }),
    push(event) {
      listeners?.event(event);
    },
  };
}
