import type { WidgetEmitter } from '../events';
import type { ActiveSession } from './visitorSession';

/**
 * Turns what a session's client hears into the host page's events: the chat's end, agents' messages
 * and the unread count. Live events only: a resumed chat's history is not announced again. Returns
 * the function that stops listening (when the session ends or the widget unmounts).
 */
export function forwardSessionEvents(session: ActiveSession, events: WidgetEmitter): () => void {
  const { client, chat } = session;
  const stops: (() => void)[] = [];

  stops.push(
    client.subscribe('chat:closed', ({ chatId, userId }) => {
      if (chatId !== chat.id) return;
      const by = userId === client.me?.id ? 'visitor' : userId === 'system' ? 'system' : 'agent';
      events.emit('chatEnded', { chatId, by });
    }),
  );

  stops.push(
    client.subscribe('message:received', ({ message }) => {
      if (message.chatId !== chat.id || message.type !== 'text' || message.imported || message.sender === client.me?.id) return;
      const sender = client.store.getState().users[message.sender];
      // Only agents write in a visitor's chat besides the visitor; a user record says so when known.
      if (sender && sender.role !== 'agent') return;
      events.emit('agentMessage', { chatId: chat.id, messageId: message.id, text: message.message, agentId: message.sender, agentName: sender?.name });
    }),
  );

  const unreadOf = () => Object.values(client.store.getState().unread).reduce((sum, count) => sum + count, 0);
  let unread = unreadOf();
  if (unread > 0) events.emit('unreadCountChanged', { count: unread });
  stops.push(
    client.store.subscribe(() => {
      const next = unreadOf();
      if (next === unread) return;
      unread = next;
      events.emit('unreadCountChanged', { count: next });
    }),
  );

  return () => {
    for (const stop of stops) stop();
    // The count the host shows goes back to zero with the session it counted.
    if (unread > 0) events.emit('unreadCountChanged', { count: 0 });
  };
}
