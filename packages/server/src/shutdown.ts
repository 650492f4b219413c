import type { ParleyIo } from './socketTypes';

/**
 * Ends every local connection without cutting off what was already written to it. Closing the
 * connections outright (`disconnectSockets(true)`) tore the transport down while acks of the last
 * events were still in its buffers: shutdown waited for those events, then lost their answers. A
 * DISCONNECT packet instead queues behind them; the client closes its connection once it reads it,
 * and the server waits for that (at most `timeoutMs`) before closing what is left.
 */
export async function disconnectAfterFlush(io: ParleyIo, timeoutMs: number): Promise<void> {
  const connections = new Set([...io.of('/').sockets.values()].map((socket) => socket.conn));
  // `local`: with the Redis adapter a plain disconnectSockets() reaches every node's sockets.
  io.local.disconnectSockets(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(
      [...connections].map((connection) =>
        connection.readyState === 'closed' ? undefined : new Promise<void>((resolve) => connection.once('close', () => resolve())),
      ),
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}
