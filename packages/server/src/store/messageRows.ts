import type { FileAttachment, Message, MessageType } from '@parley/protocol';

/** A row of `messages` as the driver returns it. */
export interface MessageRow {
  id: string;
  chat_id: string;
  seq: number;
  sender: string;
  type: MessageType;
  message: string;
  client_id: string | null;
  created_at: string;
  imported: boolean;
  file: FileAttachment | null;
}

export const messageColumns = 'id, chat_id, seq, sender, type, message, client_id, created_at, imported, file';

/** A stored message as the protocol says it (absent optional fields left out, not null). */
export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    chatId: row.chat_id,
    seq: row.seq,
    sender: row.sender,
    type: row.type,
    message: row.message,
    createdAt: row.created_at,
  } as Message;
  if (message.type === 'file') message.file = row.file ?? { id: '', name: '', mimeType: 'application/octet-stream', size: 0 };
  if (row.client_id !== null) message.clientId = row.client_id;
  if (row.imported) message.imported = true;
  return message;
}
