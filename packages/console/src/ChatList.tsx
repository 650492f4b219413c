import type { Chat as ChatModel } from '@parley/protocol';
import { useUnreadCount, useVisitorPresence } from '@parley/react';
import { useStrings } from '@parley/ui';
import { ChatOriginBadge } from './ChatOriginBadge';
import { useVisitor, visitorName } from './useVisitor';

export interface ChatListProps {
  chats: readonly ChatModel[];
  selectedId: string | undefined;
  onSelect(chatId: string): void;
}

/** The agent's open chats: one button each, named for the visitor and the unread count. */
export function ChatList({ chats, selectedId, onSelect }: ChatListProps) {
  return (
    // Named without the count, so the landmark keeps one name as chats come and go.
    <nav className="console-chats" aria-label="Open chats">
      <h2>
        Open chats <span className="console-count">{chats.length}</span>
      </h2>
      {chats.length === 0 ? (
        <p className="console-muted">No open chats. Accepted invitations show up here.</p>
      ) : (
        <ul className="console-list">
          {chats.map((chat) => (
            <li key={chat.id}>
              <ChatListItem chat={chat} selected={chat.id === selectedId} onSelect={onSelect} />
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function ChatListItem({ chat, selected, onSelect }: { chat: ChatModel; selected: boolean; onSelect(chatId: string): void }) {
  const strings = useStrings();
  const name = visitorName(useVisitor(chat.id));
  // The open chat is being read: its count would only flicker until the read receipts land.
  const unread = useUnreadCount(chat.id);
  const shownUnread = selected ? 0 : unread;
  // Which visitors are gone, at a glance: their replies can wait behind those still on the page.
  const visitorLeft = useVisitorPresence(chat.id) === false;
  return (
    // Named by what it shows ("Vera support"), plus the unread count for screen readers: a name that
    // differs from the visible text is one speech-input users cannot say (axe: label-content-name-mismatch).
    <button
      type="button"
      className="console-chat"
      aria-current={selected ? 'true' : undefined}
      data-unread={shownUnread > 0 || undefined}
      onClick={() => onSelect(chat.id)}
    >
      <span className="console-chat-name">{name}</span> <span className="console-muted">{chat.room}</span>
      {visitorLeft && <span className="console-muted"> (left)</span>}
      <ChatOriginBadge origin={chat.origin} />
      {shownUnread > 0 && (
        <>
          <span className="parley-visually-hidden">, {strings.unread(shownUnread)}</span>
          <span className="console-badge" aria-hidden="true">
            {shownUnread > 99 ? '99+' : shownUnread}
          </span>
        </>
      )}
    </button>
  );
}
