import { toParleyError } from '@parley/core';
import type { ParleyError } from '@parley/core';
import { useEffect, useState } from 'react';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';

export interface UseResumeChatsResult {
  /** The signed-in user's chats were listed at least once since the provider mounted. */
  resumed: boolean;
  error: ParleyError | undefined;
}

/**
 * Brings back the signed-in user's open chats after a reload. The store only learns chats from
 * pushes, so a fresh page would show an agent none of the chats it still holds: this lists them
 * (`users:chats`) each time the link comes up, adds the open ones the store does not know yet, and
 * follows them, so their messages and unread counts fill in. A chat the store already has is left
 * alone: a push that arrived meanwhile is at least as new as the list.
 */
export function useResumeChats(): UseResumeChatsResult {
  const client = useParley('useResumeChats');
  const connected = useParleyStore((state) => state.connection.status === 'connected', 'useResumeChats');
  const [result, setResult] = useState<UseResumeChatsResult>({ resumed: false, error: undefined });

  useEffect(() => {
    if (!connected) return;
    let current = true;
    client.chats.resume().then(
      () => {
        if (current) setResult({ resumed: true, error: undefined });
      },
      (error: unknown) => {
        if (current) setResult((previous) => ({ resumed: previous.resumed, error: toParleyError(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [client, connected]);

  return result;
}
