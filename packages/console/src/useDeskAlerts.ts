import { useParley } from '@parley/react';
import { useEffect, useRef } from 'react';
import type { DeskAlerts } from './deskAlerts';

/**
 * Rings for what needs the agent: every new invitation (they expire in seconds), and messages from
 * visitors in the agent's chats that are not in view (another chat is open, or the tab is hidden).
 * Messages paged in after a reload or reconnect are history, not news: only those sent after the
 * desk opened ring.
 */
export function useDeskAlerts(alerts: DeskAlerts, selectedId: string | undefined, open: (chatId: string) => void): void {
  const client = useParley('useDeskAlerts');
  const latest = useRef({ selectedId, open });
  useEffect(() => {
    latest.current = { selectedId, open };
  });

  useEffect(() => {
    const since = Date.now();
    const me = client.me?.id;
    // The server replays pending invitations to a new socket: one ring per offer, not per delivery.
    const rung = new Set<string>();
    const nameOf = (userId: string) => {
      const user = client.store.getState().users[userId];
      return user ? (user.nickname ?? user.name) : 'A visitor';
    };
    const stopInvitations = client.subscribe('invitation:new', ({ chat, expiresAt }) => {
      const key = `${chat.id}@${expiresAt}`;
      if (rung.has(key)) return;
      rung.add(key);
      alerts.chime();
      alerts.notify(
        chat.transfer ? 'Chat transfer offered' : 'New chat invitation',
        `${nameOf(chat.creator)} in ${chat.room} is waiting for an answer.`,
        `invitation-${chat.id}`,
      );
    });
    const stopMessages = client.subscribe('message:received', ({ message }) => {
      if (message.type !== 'text' || message.sender === me || Date.parse(message.createdAt) < since) return;
      const chat = client.store.getState().chats[message.chatId];
      if (!chat || chat.assignee !== me || chat.status !== 'active') return;
      const inView = latest.current.selectedId === message.chatId && document.visibilityState !== 'hidden';
      if (inView) return;
      alerts.chime();
      alerts.notify(`${nameOf(message.sender)} wrote`, message.message.slice(0, 140), `chat-${message.chatId}`, () => latest.current.open(message.chatId));
    });
    return () => {
      stopInvitations();
      stopMessages();
    };
  }, [client, alerts]);
}
