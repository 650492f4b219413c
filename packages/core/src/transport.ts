import type { AckEnvelope, ClientEventName, ClientPayload, ClientResult, ParleyError, ServerEvent, User } from '@parley/protocol';

/**
 * `idle`: never connected; `connecting`: first attempt; `connected`; `reconnecting`: the link dropped
 * and attempts continue; `disconnected`: closed on purpose, or refused for good (a bad token).
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why the link dropped or was refused, while not connected. */
  error?: ParleyError;
}

export interface TransportListeners {
  /** A server push (PROTOCOL.md §5), exactly as it arrived. */
  event(event: ServerEvent): void;
  state(state: ConnectionState): void;
}

/**
 * What the client needs from a link to the server. The socket.io transport and the in-process one
 * implement it, so everything above (outbox, backfill, Chat, store) is the same code on both.
 */
export interface Transport {
  /** The authenticated user, when the transport knows it (the local one always does). */
  readonly user?: User | undefined;
  readonly state: ConnectionState;
  /** Sends one client event; resolves with the ack envelope, rejects only with `timeout`/`disconnected`. */
  emit<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<AckEnvelope<ClientResult<E>>>;
  /** Registers the one listener pair of the client; returns the remover. */
  listen(listeners: TransportListeners): () => void;
  connect(): void;
  disconnect(): void;
}
