import type { User } from '@parley/protocol';
import { selectTyping } from '@parley/core';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { TypingWatcher } from '@parley/core';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';

export interface UseTypingResult {
  /** Others typing in the chat now (never the signed-in user). */
  typing: readonly User[];
  /** Feed the composer's value on every change: emits writing / stop-writing / not-writing. */
  onInput(value: string): void;
  /** Call after sending: the input is empty again. */
  reset(): void;
}

/** Who is typing in a chat, and the binding that reports the signed-in user's own typing. */
export function useTyping(chatId: string): UseTypingResult {
  const client = useParley('useTyping');
  const typingIds = useParleyStore(useMemo(() => selectTyping(chatId), [chatId]), 'useTyping');
  const me = useParleyStore((state) => state.me?.id, 'useTyping');
  const users = useParleyStore((state) => state.users, 'useTyping');
  // Built from the two selections, not inside a selector: placeholder objects made in a selector are
  // new on every call, which would re-render without end.
  const typing = useMemo(
    () => typingIds.filter((id) => id !== me).map((id): User => users[id] ?? { id, role: 'user', name: id }),
    [typingIds, me, users],
  );
  const watcher = useRef<TypingWatcher | undefined>(undefined);
  // Made on first input, not during render: StrictMode renders twice, and a watcher owns timers.
  const onInput = useCallback(
    (value: string) => {
      watcher.current ??= client.chats.get(chatId).watchTyping();
      watcher.current.input(value);
    },
    [client, chatId],
  );
  const reset = useCallback(() => watcher.current?.reset(), []);
  useEffect(
    () => () => {
      watcher.current?.dispose();
      watcher.current = undefined;
    },
    [client, chatId],
  );
  return { typing, onInput, reset };
}
