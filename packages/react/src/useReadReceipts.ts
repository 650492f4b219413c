import type { ChatMessage } from '@parley/core';
import { selectReads } from '@parley/core';
import type { User } from '@parley/protocol';
import { useCallback, useMemo } from 'react';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';

export interface UseReadReceiptsResult {
  /** Per user: the highest seq they read. */
  reads: Readonly<Record<string, number>>;
  /** The users (other than its sender) who read this message. */
  readBy(message: ChatMessage): User[];
  /** Marks the message read when it is newer than what the signed-in user read; call when it is seen. */
  markRead(message: ChatMessage): void;
}

export function useReadReceipts(chatId: string): UseReadReceiptsResult {
  const client = useParley('useReadReceipts');
  const { store } = client;
  const reads = useParleyStore(useMemo(() => selectReads(chatId), [chatId]), 'useReadReceipts');
  const readBy = useCallback(
    (message: ChatMessage) => {
      const { seq } = message;
      if (seq === undefined) return [];
      const { users } = store.getState();
      return Object.entries(reads)
        .filter(([userId, readSeq]) => userId !== message.sender && readSeq >= seq)
        .map(([userId]): User => users[userId] ?? { id: userId, role: 'user', name: userId });
    },
    [reads, store],
  );
  const markRead = useCallback(
    (message: ChatMessage) => {
      const me = client.me?.id;
      if (message.seq === undefined || me === undefined || message.sender === me) return;
      if ((store.getState().reads[chatId]?.[me] ?? 0) >= message.seq) return;
      // Fire and forget: a lost read receipt is repaired by the next one.
      client.chats.get(chatId).markRead(message.id).catch(() => undefined);
    },
    [client, store, chatId],
  );
  return { reads, readBy, markRead };
}
