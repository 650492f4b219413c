import type { Chat } from '@parley/protocol';
import type { ChatRecord } from './store';

/** The wire view of a stored chat: routing internals stay on the server. */
export function toChat(record: ChatRecord): Chat {
  const chat: Chat = {
    id: record.id,
    room: record.room,
    source: record.source,
    lang: record.lang,
    creator: record.creator,
    status: record.status,
    users: [...record.users],
    createdAt: record.createdAt,
    lastSeq: record.lastSeq,
  };
  if (record.assignee !== undefined) chat.assignee = record.assignee;
  if (record.closedAt !== undefined) chat.closedAt = record.closedAt;
  if (record.closedBy !== undefined) chat.closedBy = record.closedBy;
  const transfer = record.status === 'active' ? record.routing?.transfer : undefined;
  if (transfer) chat.transfer = { ...transfer };
  if (record.context) chat.context = { ...record.context };
  if (record.origin !== undefined) chat.origin = record.origin;
  return chat;
}
