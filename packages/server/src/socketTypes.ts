import type { ClientToServerEvents, ServerToClientEvents, UserRole } from '@parley/protocol';
import type { Server, Socket } from 'socket.io';
import type { TokenBucket } from './tokenBucket';

/** What the handshake learned about a socket's user, kept on the socket for every event it sends. */
export interface SocketData {
  user: { id: string; role: UserRole; name: string };
  /** The socket's own event budget, made at its first event (an idle socket needs none). */
  bucket?: TokenBucket;
  /** The token's id and expiry: logout disconnects by id, expiry by time. */
  jti?: string;
  exp?: number;
}

/** Between nodes, through the adapter (Redis). */
export interface InterServerEvents {
  /** An admin changed the rooms: every node re-reads them at once instead of at its next periodic refresh. */
  'parley:rooms-changed': () => void;
  /**
   * A stored user or an agent's account changed (deactivated, made admin…): every node drops it from
   * its handshake cache, so the next handshake reads it. Untrusted on arrival like any message.
   */
  'parley:user-changed': (userId: unknown) => void;
}

/** The socket.io server, typed by the protocol's event maps in both directions. */
export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
