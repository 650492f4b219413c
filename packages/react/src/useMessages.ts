import type { ChatMessage, MessageList } from '@parley/core';
import { selectMessages, selectPaging } from '@parley/core';
import { useCallback, useMemo } from 'react';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';
import { useTracked } from './useTracked';

export interface UseMessagesResult {
  /** Ordered by seq, then the ones still sending or failed; deduplicated. `<MessageList messages>` takes it as is. */
  messages: readonly ChatMessage[];
  /** The same, as the store's snapshot (`at(i)`, `length`) for virtualized lists. */
  list: MessageList;
  /** Whether older messages exist that are not loaded. */
  hasMore: boolean;
  /** A page back is loading now. */
  loadingOlder: boolean;
  /**
   * Loads the page before the oldest loaded message; it is prepended to `messages`. Calls while one
   * page loads share it. Never rejects: a failed page leaves `hasMore` true, so the next call retries.
   */
  loadOlder(): Promise<void>;
}

/**
 * A chat's messages, followed once the component mounts (the client keeps following the chat after
 * unmount, as a cache keeps what it fetched): the latest page first; `loadOlder` pages back (the
 * list's "load earlier" and scroll-to-top call it).
 */
export function useMessages(chatId: string): UseMessagesResult {
  const client = useParley('useMessages');
  useTracked(client, chatId);
  const list = useParleyStore(useMemo(() => selectMessages(chatId), [chatId]), 'useMessages');
  const { hasMore, loading } = useParleyStore(useMemo(() => selectPaging(chatId), [chatId]), 'useMessages');
  const messages = useMemo(() => list.toArray(), [list]);
  // Handed to UI callbacks that ignore the promise (a list's scroll effect, a button's onClick), so a
  // failure must not surface as an unhandled rejection; a lost link is repaired by the next attempt.
  const loadOlder = useCallback(
    () =>
      client.loadOlder(chatId).then(
        () => undefined,
        () => undefined,
      ),
    [client, chatId],
  );
  return { messages, list, hasMore, loadingOlder: loading, loadOlder };
}
