import { toParleyError } from '@parley/core';
import type { ParleyError } from '@parley/core';
import type { ChatDetails, ChatField } from '@parley/protocol';
import { useCallback, useEffect, useState } from 'react';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';

export interface UseChatDetailsResult {
  /** `chats:get` with the requested fields; undefined until the first answer for this chat. */
  details: ChatDetails | undefined;
  /** Why the last request failed (`forbidden` once the chat left the agent's rooms …). */
  error: ParleyError | undefined;
  loading: boolean;
  /** Asks again (say, after `history:import`). */
  reload(): void;
}

interface Answer {
  key: string;
  chatId: string;
  details: ChatDetails | undefined;
  error: ParleyError | undefined;
}

/**
 * A chat's details beyond what pushes carry: its members as `User`s (an agent learns the visitor's
 * name, contact and extraInfo here), its watchers, its history. Asked again when the chat's members
 * change. Users learned here are added to the store when it has not met them (pushes only introduce
 * the agents who join), so the visitor's name also shows on messages and in the typing indicator.
 * Looking at an invitation this way does not follow the chat's messages.
 */
export function useChatDetails(chatId: string | undefined, fields: readonly ChatField[] = []): UseChatDetailsResult {
  const client = useParley('useChatDetails');
  const fieldList = fields.join(',');
  const members = useParleyStore((state) => (chatId === undefined ? '' : (state.chats[chatId]?.users.join(',') ?? '')), 'useChatDetails');
  const connected = useParleyStore((state) => state.connection.status === 'connected', 'useChatDetails');
  const [version, setVersion] = useState(0);
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  // Everything that makes a new request: an answer is only shown for the key it was asked with.
  const key = `${chatId ?? ''}\u0000${fieldList}\u0000${members}\u0000${version}`;

  useEffect(() => {
    // Asked once the link is up (a request made while it is down would wait, then time out).
    if (chatId === undefined || !connected) return;
    let current = true;
    client.chats
      .get(chatId)
      .get(fieldList === '' ? undefined : fieldList)
      .then((chat) => {
        if (current) setAnswer({ key, chatId, details: chat, error: undefined });
      })
      .catch((error: unknown) => {
        if (current) setAnswer({ key, chatId, details: undefined, error: toParleyError(error) });
      });
    return () => {
      current = false;
    };
  }, [client, chatId, fieldList, connected, key]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const fresh = answer?.key === key;
  // While a refresh for the same chat runs, the previous answer stays up instead of flashing empty.
  return {
    details: answer !== undefined && answer.chatId === chatId ? answer.details : undefined,
    error: fresh ? answer.error : undefined,
    loading: chatId !== undefined && !fresh,
    reload,
  };
}
