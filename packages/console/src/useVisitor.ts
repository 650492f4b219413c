import type { User } from '@parley/protocol';
import { useChatDetails, useParleyStore } from '@parley/react';

const usersField = ['users'] as const;

/**
 * A chat's visitor (its creator) with name, contact and extraInfo. Pushes only introduce the agents
 * who join, so the visitor comes from `chats:get`; `useChatDetails` keeps it in the store for the
 * message list and the typing indicator too.
 */
export function useVisitor(chatId: string): User | undefined {
  const { details } = useChatDetails(chatId, usersField);
  const creator = details?.creator;
  return useParleyStore((state) => (creator === undefined ? undefined : state.users[creator]));
}

/** What to call a visitor before (or without) knowing their name. */
export function visitorName(visitor: User | undefined): string {
  return visitor ? (visitor.nickname ?? visitor.name) : 'Visitor';
}
