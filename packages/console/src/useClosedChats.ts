import type { Chat as ChatModel, User } from '@parley/protocol';
import { useParley, useParleyStore } from '@parley/react';
import { useEffect, useState } from 'react';
import type { ClosedChatSummary } from './ClosedChatList';
import { visitorName } from './useVisitor';

/** How many ended chats the desk lists. */
export const closedChatsShown = 10;

/**
 * The signed-in agent's last ended chats (`users:chats`), with their visitors' names (`chats:get`).
 * Asked again whenever the link comes up and whenever one of the agent's chats ends.
 */
export function useClosedChats(): ClosedChatSummary[] {
  const client = useParley('useClosedChats');
  const me = client.me?.id;
  const connected = useParleyStore((state) => state.connection.status === 'connected');
  const endedHere = useParleyStore(
    (state) => Object.values(state.chats).filter((chat) => chat.status === 'closed' && me !== undefined && chat.users.includes(me)).length,
  );
  const [closed, setClosed] = useState<ClosedChatSummary[]>([]);

  useEffect(() => {
    if (!connected) return;
    let current = true;
    void (async () => {
      const chats = (await client.chats.list())
        .filter((chat) => chat.status === 'closed')
        .sort(byClosedAtDescending)
        .slice(0, closedChatsShown);
      const visitors = await Promise.all(chats.map((chat) => visitorOf(chat)));
      if (current) setClosed(chats.map((chat, index) => ({ id: chat.id, name: visitorName(visitors[index]), room: chat.room, closedAt: chat.closedAt, origin: chat.origin })));
    })().catch(() => undefined);
    return () => {
      current = false;
    };

    async function visitorOf(chat: ChatModel): Promise<User | undefined> {
      const known = client.store.getState().users[chat.creator];
      if (known) return known;
      const { chat: details } = await client.send('chats:get', { chatId: chat.id, fields: 'users' });
      return (details.users as Array<User | string>).find((user): user is User => typeof user !== 'string' && user.id === chat.creator);
    }
  }, [client, connected, endedHere]);

  return closed;
}

function byClosedAtDescending(a: ChatModel, b: ChatModel): number {
  const left = a.closedAt ?? '';
  const right = b.closedAt ?? '';
  return left < right ? 1 : left > right ? -1 : 0;
}
