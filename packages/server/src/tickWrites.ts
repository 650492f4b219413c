import type { Socket as NetSocket } from 'node:net';
import type { ParleySocket } from './socketTypes';

/** The TCP sockets corked in this tick, uncorked together when it ends. */
const corked = new Set<NetSocket>();

function uncorkAll(): void {
  for (const raw of corked) raw.uncork();
  corked.clear();
}

/** The TCP socket under a websocket transport (engine.io keeps the `ws` WebSocket, which keeps it). */
function tcpOf(connection: unknown): NetSocket | undefined {
  const transport = (connection as { transport?: { name?: string; socket?: { _socket?: NetSocket } } }).transport;
  return transport?.name === 'websocket' ? transport.socket?._socket : undefined;
}

/**
 * engine.io's `packetCreate`, once per outgoing packet, shared by every connection (no closure per
 * socket): the first packet of a tick corks the connection's TCP socket, and the tick's end uncorks
 * it, so the ack, the `message:received`s and whatever else a tick sends to one socket leave in one
 * write (`writev`) instead of one per frame. `ws` corks around each frame itself; corks nest.
 */
function corkForTick(this: unknown): void {
  const raw = tcpOf(this);
  if (!raw || corked.has(raw) || raw.destroyed) return;
  raw.cork();
  if (corked.size === 0) process.nextTick(uncorkAll);
  corked.add(raw);
}

/** One write per socket per tick (where the transport is a websocket; long-polling batches anyway). */
export function coalesceWrites(socket: ParleySocket): void {
  socket.conn.on('packetCreate', corkForTick);
}
