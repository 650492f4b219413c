import { toParleyError } from '@parley/core';
import type { ParleyError } from '@parley/core';
import type { ChatDetails, ChatField, User } from '@parley/protocol';
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
 *
 * Sent with `client.send`, not through a Chat object: looking at an invitation must not follow the
 * chat's messages.
 */
export function useChatDetails(chatId: string | undefined, fields: readonly ChatField[] = []): UseChatDetailsResult {
  const { client, store } = useParley('useChatDetails');
  const fieldList = fields.join(',');
  const members = useParleyStore((state) => (chatId === undefined ? '' : (state.chats[chatId]?.users.join(',') ?? '')), 'useChatDetails');
  const connected = useParleyStore((state) => state.connection.status === 'connected', 'useChatDetails');
  const [version, setVersion] = useState(0);
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  // Everything that makes a new request: an answer is only shown for the key it was asked with.
  const key = `${chatId ?? ''}\u0000${fieldList}\u0000${members}\u0000${version}`;

  useEffect(() => {
    // Commands sent before the link is up are refused (`disconnected`); the effect runs again once it is.
    if (chatId === undefined || !connected) return;
    let current = true;
    client
      .send('chats:get', fieldList === '' ? { chatId } : { chatId, fields: fieldList })
      .then(({ chat }) => {
        if (!current) return;
        if (Array.isArray(chat.users)) rememberUsers(chat.users.filter((user): user is User => typeof user !== 'string'));
        setAnswer({ key, chatId, details: chat, error: undefined });
      })
      .catch((error: unknown) => {
        if (current) setAnswer({ key, chatId, details: undefined, error: toParleyError(error) });
      });
    return () => {
      current = false;
    };

    function rememberUsers(users: readonly User[]): void {
      const known = store.getState().users;
      const unknown = users.filter((user) => !(user.id in known));
      if (unknown.length === 0) return;
      store.setState({ users: { ...known, ...Object.fromEntries(unknown.map((user) => [user.id, user])) } });
    }
  }, [client, store, chatId, fieldList, connected, key]);

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
