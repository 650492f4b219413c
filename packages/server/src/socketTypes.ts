import type { ClientToServerEvents, ServerToClientEvents, UserRole } from '@parley/protocol';
import type { Server, Socket } from 'socket.io';
import type { TokenBucket } from './tokenBucket';

/** What the handshake learned about a socket's user, kept on the socket for every event it sends. */
export interface SocketData {
  user: { id: string; role: UserRole; name: string };
  bucket: TokenBucket;
  /** The token's id and expiry: logout disconnects by id, expiry by time. */
  jti?: string;
  exp?: number;
}

/**
 * Between nodes, through the adapter (Redis): an admin changed the rooms, so every node re-reads them
 * at once instead of at its next periodic refresh.
 */
export interface InterServerEvents {
  'parley:rooms-changed': () => void;
}

/** The socket.io server, typed by the protocol's event maps in both directions. */
export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
