import type { ParleyClient } from '@parley/core';
import { useEffect } from 'react';

/**
 * Follows a chat once a component shows it (messages paged in, state fetched, caught up after
 * reconnects); the client keeps following it after unmount, as a cache keeps what it fetched. In an
 * effect, never during render; `track` is idempotent, so StrictMode's second run and several hooks on
 * one chat cost nothing.
 */
export function useTracked(client: ParleyClient, chatId: string | undefined): void {
  useEffect(() => {
    if (chatId !== undefined) client.track(chatId);
  }, [client, chatId]);
}
