import type { Invitation } from '@parley/core';
import type { AgentStatus, Chat as ChatModel } from '@parley/protocol';
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';

export interface DeskInvitation extends Invitation {
  /** Whole seconds left to answer, counting down once a second. */
  secondsLeft: number;
}

export interface UseAgentDeskResult {
  status: AgentStatus | undefined;
  setStatus(status: AgentStatus): Promise<void>;
  invitations: DeskInvitation[];
  accept(chatId: string): Promise<void>;
  reject(chatId: string): Promise<void>;
  /** Chats assigned to the signed-in agent and not closed, newest first. */
  openChats: ChatModel[];
}

/** The agent console's state: status, invitations with a countdown, open chats. */
export function useAgentDesk(options: { now?: () => number } = {}): UseAgentDeskResult {
  const now = options.now ?? Date.now;
  const client = useParley('useAgentDesk');
  const me = client.me?.id;
  const status = useParleyStore((state) => (me === undefined ? undefined : (state.agents[me] ?? state.me?.status)), 'useAgentDesk');
  const pending = useParleyStore(useShallow((state) => Object.values(state.invitations)), 'useAgentDesk');
  const openChats = useParleyStore(
    useShallow((state) =>
      Object.values(state.chats)
        .filter((chat) => chat.assignee === me && chat.status === 'active')
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)),
    ),
    'useAgentDesk',
  );
  // A re-render each second while invitations are pending keeps the countdown moving.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (pending.length === 0) return;
    const timer = setInterval(() => setTick((value) => value + 1), 1000);
    return () => clearInterval(timer);
  }, [pending.length]);
  const invitations = pending.map((invitation) => ({
    ...invitation,
    secondsLeft: Math.max(0, Math.ceil((Date.parse(invitation.expiresAt) - now()) / 1000)),
  }));
  const setStatus = useCallback(async (next: AgentStatus) => void (await client.agent.setStatus(next)), [client]);
  const accept = useCallback(async (chatId: string) => void (await client.agent.accept(chatId)), [client]);
  const reject = useCallback(async (chatId: string) => void (await client.agent.reject(chatId)), [client]);
  return { status, setStatus, invitations, accept, reject, openChats };
}
