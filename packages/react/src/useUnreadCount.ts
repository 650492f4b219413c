import { useParleyStore } from './useParleyStore';

/** Unread messages in one chat, or across all chats without a `chatId` (for a launcher badge). */
export function useUnreadCount(chatId?: string): number {
  return useParleyStore(
    (state) => (chatId === undefined ? Object.values(state.unread).reduce((sum, count) => sum + count, 0) : (state.unread[chatId] ?? 0)),
    'useUnreadCount',
  );
}
