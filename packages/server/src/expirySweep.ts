import type { ParleyIo } from './socketTypes';

/**
 * Disconnects the sockets whose token has expired (`socket.data.exp`, unix seconds), at most
 * `everyMs` late. One shared timer walks this node's sockets instead of a timer, a Timeout and its
 * closures per socket (issue 18: an idle socket's heap); a walk of 5,000 sockets takes well under a
 * millisecond. The client's reconnect is then refused `unauthorized`, which it turns into signing in
 * again. Returns the stop.
 */
export function sweepExpiredSockets(io: ParleyIo, everyMs = 1_000, now: () => number = Date.now): () => void {
  const timer = setInterval(() => {
    const seconds = now() / 1000;
    for (const socket of io.of('/').sockets.values()) {
      const exp = socket.data?.exp;
      if (exp !== undefined && exp <= seconds) socket.disconnect(true);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
