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
    lines.push(`[${time} UTC] ${senderName(message.sender, users)}${imported}:`);
    // A file is named (its bytes stay on the server, behind members-only links); its caption follows.
    if (message.type === 'file' && message.file) lines.push(`[file: ${message.file.name}, ${message.file.mimeType}, ${fileSize(message.file.size)}]`);
    if (message.type !== 'file' || message.message !== '') lines.push(message.message);
    lines.push('');
  }
  return lines.join('\n');
}

/** A file's size as people read it: bytes, KB or MB (1,024-based, one decimal). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
