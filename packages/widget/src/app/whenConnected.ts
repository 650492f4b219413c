import type { ParleyClient } from '@parley/core';
import { ParleyError } from '@parley/protocol';

/**
 * Resolves once the client's socket is up. Events sent before then are refused (`disconnected`)
 * rather than buffered, because the outbox owns retries; a new visitor's first `chats:create` waits
 * here instead. Rejects with `disconnected` when the link does not come up in time.
 */
export function whenConnected(client: ParleyClient, timeoutMs = 15_000): Promise<void> {
  if (client.connection.status === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new ParleyError('disconnected', `could not connect to the chat server within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const stop = client.onConnection((state) => {
      if (state.status !== 'connected') return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
