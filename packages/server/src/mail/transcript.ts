import type { Message, User } from '@parley/protocol';

/** Who a message is from, as a transcript names them. */
export function senderName(sender: string, users: ReadonlyMap<string, User>): string {
  if (sender === 'assistant') return 'Assistant';
  if (sender === 'system') return 'Parley';
  const user = users.get(sender);
  return user ? (user.nickname ?? user.name) : sender;
}

/**
 * A chat as plain text, oldest first: one block per message with its time (UTC) and sender; imported
 * history is marked as such, as it is wherever the chat renders.
 */
export function formatTranscript(room: string, messages: readonly Message[], users: ReadonlyMap<string, User>): string {
  const lines = [`Transcript of your chat with ${room}`, ''];
  for (const message of messages) {
    const time = message.createdAt.slice(0, 16).replace('T', ' ');
    const imported = message.imported ? ' (imported)' : '';
    lines.push(`[${time} UTC] ${senderName(message.sender, users)}${imported}:`, mailBody(message), '');
  }
  return lines.join('\n');
}

/**
 * A message's words in an e-mail: its text, or for a file its name, type and size (the bytes stay on
 * the server, behind members-only links) and then its caption.
 */
export function mailBody(message: Message): string {
  if (message.type !== 'file' || !message.file) return message.message;
  const file = `[file: ${message.file.name}, ${message.file.mimeType}, ${fileSize(message.file.size)}]`;
  return message.message === '' ? file : `${file}\n${message.message}`;
}

/** A file's size as people read it: bytes, KB or MB (1,024-based, one decimal). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
