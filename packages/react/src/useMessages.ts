import type { ChatMessage, MessageList } from '@parley/core';
import { selectMessages } from '@parley/core';
import { useMemo } from 'react';
import { useParleyStore } from './useParleyStore';

export interface UseMessagesResult {
  /** Ordered by seq, then the ones still sending; deduplicated. */
  messages: readonly ChatMessage[];
  /** The same, as the store's snapshot (`at(i)`, `length`) for virtualized lists. */
  list: MessageList;
  /** Whether older messages exist that are not loaded. */
  hasMore: boolean;
  /** Loads the page before the oldest loaded message. */
  loadOlder(): Promise<void>;
}

const loaded = () => Promise.resolve();

/**
 * A chat's messages. The client pages a followed chat's whole history in, so nothing older is left to
 * load: `hasMore` is false and `loadOlder` resolves at once (the hook keeps the shape paging needs).
 */
export function useMessages(chatId: string): UseMessagesResult {
  const list = useParleyStore(useMemo(() => selectMessages(chatId), [chatId]), 'useMessages');
  const messages = useMemo(() => list.toArray(), [list]);
  return { messages, list, hasMore: false, loadOlder: loaded };
}
