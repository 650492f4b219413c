import type { ChatRecordSummary } from '@parley/protocol';
import { formatDateTime } from '@parley/ui';
import { useEffect, useState } from 'react';
import { useRecords } from './records';

export interface PreviousChatsProps {
  /** The visitor whose earlier chats to list. */
  visitorId: string;
  /** The chat open now, left out of the list. */
  currentChatId: string;
  /** Opens an earlier chat's transcript. */
  onOpen?: (chatId: string) => void;
}

/** The visitor's earlier, closed chats (in the agent's rooms), newest first, with their ratings. */
export function PreviousChats({ visitorId, currentChatId, onOpen }: PreviousChatsProps) {
  const records = useRecords();
  const [chats, setChats] = useState<readonly ChatRecordSummary[] | undefined>(undefined);
  useEffect(() => {
    if (!records) return;
    let current = true;
    records.search({ visitor: visitorId, limit: 20 }).then(
      (found) => current && setChats(found),
      () => current && setChats([]),
    );
    return () => {
      current = false;
    };
  }, [records, visitorId]);
  if (!records) return null;
  const earlier = chats?.filter((entry) => entry.chat.id !== currentChatId);
  return (
    <>
      <h3>Previous chats</h3>
      {earlier === undefined ? (
        <p className="console-muted" aria-busy="true">
          Loading…
        </p>
      ) : earlier.length === 0 ? (
        <p className="console-muted">None</p>
      ) : (
        <ul className="console-previous" aria-label="Previous chats">
          {earlier.map(({ chat, agentName, rating }) => (
            <li key={chat.id}>
              <button type="button" className="console-link-button" onClick={() => onOpen?.(chat.id)} disabled={!onOpen}>
                <time dateTime={chat.closedAt}>{chat.closedAt ? formatDateTime(chat.closedAt) : ''}</time>
              </button>{' '}
              <span className="console-muted">
                {chat.room}
                {agentName && ` · ${agentName}`}
                {rating && ` · rated ${rating.rating}/5`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
