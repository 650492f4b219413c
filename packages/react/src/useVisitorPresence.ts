import { selectVisitorOnline } from '@parley/core';
import { useParleyStore } from './useParleyStore';

/**
 * For an agent: whether the chat's visitor is still on the page — `false` once none of their pages has
 * been connected for the server's presence grace, `true` while one is, `undefined` until the server
 * said (the chat is fetched with its presence when the client starts following it).
 */
export function useVisitorPresence(chatId: string): boolean | undefined {
  return useParleyStore(selectVisitorOnline(chatId), 'useVisitorPresence');
}
