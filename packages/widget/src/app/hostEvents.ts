import type { Message } from '@parley/protocol';
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

  // A resumed chat's latest page reaches `message:received` too; it is history, not news. Messages
  // up to the chat's `lastSeq` as the server tells it now are that history; later ones are news.
  let historyUntil: number | undefined = session.fresh ? 0 : undefined;
  const held: Message[] = [];
  const announce = (message: Message) => {
    if (message.seq <= historyUntil!) return;
    const sender = client.store.getState().users[message.sender];
    // Only agents write in a visitor's chat besides the visitor; a user record says so when known.
    if (sender && sender.role !== 'agent') return;
    events.emit('agentMessage', { chatId: chat.id, messageId: message.id, text: message.message, agentId: message.sender, agentName: sender?.name });
  };
  let stopped = false;
  if (historyUntil === undefined) {
    client
      .send('chats:get', { chatId: chat.id })
      .then(
        ({ chat: current }) => (historyUntil = current.lastSeq),
        // Not answered (the link is down): what was delivered so far counts as history.
        () => (historyUntil = client.lastSeq(chat.id)),
      )
      .then(() => {
        if (!stopped) for (const message of held.splice(0)) announce(message);
      });
  }
  stops.push(
    client.subscribe('message:received', ({ message }) => {
      if (message.chatId !== chat.id || message.type !== 'text' || message.imported || message.sender === client.me?.id) return;
      if (historyUntil === undefined) held.push(message);
      else announce(message);
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
    stopped = true;
    for (const stop of stops) stop();
    // The count the host shows goes back to zero with the session it counted.
    if (unread > 0) events.emit('unreadCountChanged', { count: 0 });
  };
}
