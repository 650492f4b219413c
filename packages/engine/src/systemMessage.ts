import type { User } from '@parley/protocol';
import type { ChatRecord } from './store';
import type { Unit } from './unit';

/** What the server itself says in a chat (a transfer's notice): stored, then pushed to its members. */
export async function saySystemMessage(unit: Unit, chat: ChatRecord, text: string): Promise<void> {
  const { message } = await unit.tx.appendMessage({
    id: unit.settings.createId(),
    chatId: chat.id,
    sender: 'system',
    type: 'system',
    message: text,
    createdAt: unit.nowIso,
  });
  // The record in hand is saved after this (updateChat leaves lastSeq alone); the wire view must not lag.
  chat.lastSeq = message.seq;
  unit.emit(chat.users, 'message:received', { message });
}

/** How people are named in the server's own messages. */
export function displayName(user: User): string {
  return user.nickname ?? user.name;
}
