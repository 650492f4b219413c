import type { ChatStatus } from '@parley/protocol';
import { useShallow } from 'zustand/react/shallow';
import { useParleyStore } from './useParleyStore';

export interface UseQueueResult {
  status: ChatStatus | undefined;
  /** 1-based place in the room's queue while waiting; undefined otherwise. */
  position: number | undefined;
  /** Every offer ran out (`forever:alone`): nobody is being asked until the chat is assigned again. */
  alone: boolean;
}

export function useQueue(chatId: string): UseQueueResult {
  return useParleyStore(
    useShallow((state) => ({
      status: state.chats[chatId]?.status,
      position: state.queue[chatId],
      alone: state.alone[chatId] === true,
    })),
    'useQueue',
  );
}
