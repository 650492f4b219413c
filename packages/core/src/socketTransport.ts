import { ParleyError } from '@parley/protocol';
import type { AckEnvelope, ClientEventName, ClientPayload, ClientResult, User } from '@parley/protocol';
import type { io as socketIo, ManagerOptions, SocketOptions } from 'socket.io-client';
import { errorFromBody } from './errors';
import type { ParleySocket } from './socketEvents';
import { commandEmitters, serverEventListeners } from './socketEvents';
import type { ConnectionState, Transport, TransportListeners } from './transport';

export interface SocketTransportOptions {
  url: string;
  token: string;
  user?: User;
  /** How long an event waits for its ack before rejecting with `timeout` (default 10 s). */
  ackTimeoutMs?: number;
  /** First reconnect delay; doubles up to `reconnectDelayMaxMs` (defaults 300 ms and 5 s). */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** Passed through to socket.io-client, after Parley's own settings. */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /**
   * socket.io-client's `io`, for hosts that want it bundled in the main chunk. By default it is
   * imported on the first `connect()`: its engine probes `document` and adds a `pagehide` listener
   * when imported, and Parley's import must stay free of side effects (SSR, `sideEffects: false`).
   */
  io?: typeof socketIo;
}

function loadIo(): Promise<typeof socketIo> {
  return import('./socketIo').then((module) => module.io);
}

interface PendingAck {
  settle(envelope: AckEnvelope<unknown>): void;
  fail(error: ParleyError): void;
}


/**
 * socket.io link (PROTOCOL.md §1): websocket first, token in `auth`, never in the query string.
 * socket.io reconnects by itself after network faults but not after a server-side disconnect or a
 * middleware refusal, so those are retried here, except `unauthorized`, which no retry will fix.
 */
export function createSocketTransport(options: SocketTransportOptions): Transport {
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const baseDelay = options.reconnectDelayMs ?? 300;
  const maxDelay = options.reconnectDelayMaxMs ?? 5_000;
  const pending = new Set<PendingAck>();
  let listeners_: TransportListeners | undefined;
  let state: ConnectionState = { status: 'idle' };
  let socket: ParleySocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let wanted = false;

  function setState(next: ConnectionState): void {
    state = next;
    listeners_?.state(next);
  }

  function failPending(error: ParleyError): void {
    // A lost link loses the acks in flight: the caller (the outbox) decides whether to resend.
    for (const entry of [...pending]) entry.fail(error);
  }

  function scheduleRetry(): void {
    clearTimeout(retryTimer);
    const delay = Math.min(maxDelay, baseDelay * 2 ** attempts);
    attempts += 1;
    retryTimer = setTimeout(() => {
      if (wanted && socket && !socket.connected && !socket.active) socket.connect();
    }, delay);
  }

  function createSocket(io: typeof socketIo): ParleySocket {
    const created: ParleySocket = io(options.url, {
      transports: ['websocket', 'polling'],
      autoConnect: false,
      reconnectionDelay: baseDelay,
      reconnectionDelayMax: maxDelay,
      ...options.socketOptions,
      auth: { token: options.token },
    });
    created.on('connect', () => {
      attempts = 0;
      setState({ status: 'connected' });
    });
    created.on('disconnect', (reason) => {
      const error = new ParleyError('disconnected', `connection lost: ${reason}`);
      // The commands in flight were sent; whether they ran is unknown, as after an ack timeout.
      failPending(new ParleyError('timeout', `connection lost (${reason}) before the answer arrived; the command may have run`));
      if (!wanted) return;
      setState({ status: 'reconnecting', error });
      // socket.io leaves a server-side disconnect alone (it may be a kick); Parley's server only
      // does that when it shuts down or drops a socket, so try again.
      if (!created.active) scheduleRetry();
    });
    created.on('connect_error', (cause: Error & { data?: unknown }) => {
      const error = cause.data === undefined
        ? new ParleyError('disconnected', cause.message)
        : errorFromBody(cause.data, 'disconnected', cause.message);
      if (error.code === 'unauthorized') {
        wanted = false;
        created.disconnect();
        setState({ status: 'disconnected', error });
        return;
      }
      setState({ status: 'reconnecting', error });
      if (!created.active) scheduleRetry();
    });
    for (const listen of Object.values(serverEventListeners)) listen(created, (event) => listeners_?.event(event));
    return created;
  }

  return {
    user: options.user,
    get state() {
      return state;
    },
    emit<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<AckEnvelope<ClientResult<E>>> {
      return new Promise((resolve, reject) => {
        if (!socket?.connected) {
          // Not sent: the client holds commands until the link is up (socket.io's own buffer would
          // replay them after a reconnect, behind the client's back).
          reject(new ParleyError('disconnected', `not connected; ${event} was not sent`));
          return;
        }
        const timer = setTimeout(() => {
          pending.delete(entry);
          reject(new ParleyError('timeout', `no answer to ${event} within ${ackTimeoutMs} ms`));
        }, ackTimeoutMs);
        const entry: PendingAck = {
          settle(envelope) {
            clearTimeout(timer);
            pending.delete(entry);
            resolve(envelope as AckEnvelope<ClientResult<E>>);
          },
          fail(error) {
            clearTimeout(timer);
            pending.delete(entry);
            reject(error);
          },
        };
        pending.add(entry);
        commandEmitters[event](socket, payload, (envelope) => entry.settle(envelope));
      });
    },
    listen(next) {
      listeners_ = next;
      return () => {
        if (listeners_ === next) listeners_ = undefined;
      };
    },
    connect() {
      wanted = true;
      if (state.status === 'connected' || state.status === 'connecting' || state.status === 'reconnecting') return;
      setState({ status: 'connecting' });
      const opening = socket ? Promise.resolve(socket) : (options.io ? Promise.resolve(options.io) : loadIo()).then((io) => (socket ??= createSocket(io)));
      opening.then(
        (ready) => {
          if (wanted && !ready.connected) ready.connect();
        },
        (error: unknown) => {
          wanted = false;
          setState({ status: 'disconnected', error: new ParleyError('disconnected', `socket.io-client failed to load: ${String(error)}`) });
        },
      );
    },
    disconnect() {
      wanted = false;
      clearTimeout(retryTimer);
      socket?.disconnect();
      failPending(new ParleyError('disconnected', 'disconnected by the client'));
      setState({ status: 'disconnected' });
    },
  };
}
