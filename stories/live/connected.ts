import type { ParleyClient } from '@parley/core';

/** Resolves once the client's link is up: commands sent before it are refused (`disconnected`). */
export function connected(client: ParleyClient): Promise<void> {
  return new Promise((resolve) => {
    if (client.connection.status === 'connected') return resolve();
    const stop = client.onConnection((state) => {
      if (state.status !== 'connected') return;
      stop();
      resolve();
    });
  });
}
