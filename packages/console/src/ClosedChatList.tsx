import type { ChatOrigin } from '@parley/protocol';
import { ChatOriginBadge } from './ChatOriginBadge';

/** One ended chat as the list shows it. */
export interface ClosedChatSummary {
  /** The chat's id. */
  id: string;
  /** The visitor's name. */
  name: string;
  /** The room it was in. */
  room: string;
  /** When it ended (ISO 8601). */
  closedAt: string | undefined;
  /** `Chat.origin`: set when the chat began as an offline message. */
  origin?: ChatOrigin;
}

export interface ClosedChatListProps {
  /** The last ended chats, newest first. */
  chats: readonly ClosedChatSummary[];
  /** The chat open in the desk, marked as current. */
  selectedId: string | undefined;
  /** Opens a chat's transcript. */
  onSelect(chatId: string): void;
  /** How a closing time reads (default: the browser's short date and time). */
  formatTime?: (iso: string) => string;
}

const defaultFormat = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** The agent's last ended chats, newest first: each opens its transcript, read-only. */
export function ClosedChatList({ chats, selectedId, onSelect, formatTime = defaultFormat }: ClosedChatListProps) {
  return (
    <nav className="console-chats console-closed" aria-label="Closed chats">
      <h2>
        Closed <span className="console-count">{chats.length}</span>
      </h2>
      {chats.length === 0 ? (
        <p className="console-muted">No closed chats yet.</p>
      ) : (
        <ul className="console-list">
          {chats.map((chat) => (
            <li key={chat.id}>
              <button
                type="button"
                className="console-chat"
                aria-current={chat.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(chat.id)}
              >
                <span className="console-chat-name">{chat.name}</span>
                <span className="console-muted">
                  {chat.room}
                  {chat.closedAt && (
                    <>
                      {' · '}
                      <time dateTime={chat.closedAt}>{formatTime(chat.closedAt)}</time>
                    </>
                  )}
                </span>
                <ChatOriginBadge origin={chat.origin} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
