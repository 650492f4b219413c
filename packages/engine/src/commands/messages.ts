import { limits } from '@parley/protocol';
import type { ClientCommand, ClientResult } from '@parley/protocol';
import { refuse } from '../errors';
import type { OutgoingEvent } from '../outgoing';
import type { ChatRecord, Store } from '../store';
import type { EngineSettings, Unit } from '../unit';
import { requireMember, requireOpen, selfOnly, servesRoom } from '../unit';
import type { Actor } from '../actor';
import type { CommandHandlers } from './types';

type MessageEvents = 'messages:list' | 'messages:read' | 'history:import' | 'users:activity';

/** `messages:send`'s answer and what it broadcasts (nothing for a resend). */
interface SendOutcome {
  data: ClientResult<'messages:send'>;
  events: OutgoingEvent[];
}

/**
 * `messages:send`, the hot path: no unit, one store operation (one SQL statement) that checks
 * membership, dedups the clientId and appends, atomically.
 */
export async function sendMessage(
  store: Store,
  settings: EngineSettings,
  nowIso: string,
  actor: Actor,
  { chatId, clientId, type, message }: ClientCommand<'messages:send'>,
): Promise<SendOutcome> {
  const result = await store.appendMessageIfMember({
    id: settings.createId(),
    chatId,
    sender: actor.id,
    type,
    message,
    clientId,
    createdAt: nowIso,
  });
  switch (result.outcome) {
    case 'no_chat':
      throw refuse('not_found', `chat ${chatId} does not exist`, { chatId });
    case 'not_member':
      throw refuse('forbidden', `you are not a member of chat ${chatId}`, { chatId });
    case 'closed':
      throw refuse('closed', `chat ${chatId} is closed`, { chatId });
    case 'duplicate':
      if (result.message.sender !== actor.id) {
        throw refuse('conflict', `clientId ${clientId} is already used in chat ${chatId}`, { chatId, clientId });
      }
      // A resend (after a lost ack or a reconnect): the first message, and no second broadcast — even
      // when the chat closed meanwhile, or the client would show a delivered message as failed.
      return { data: { message: result.message }, events: [] };
    case 'created':
      return {
        data: { message: result.message },
        events: [{ to: result.users, event: 'message:received', payload: { message: result.message } }],
      };
  }
}

export const messageCommands: CommandHandlers<MessageEvents> = {
  async 'messages:list'(unit, actor, { chatId, afterSeq, beforeSeq, limit = limits.defaultListPageSize }) {
    const chat = await unit.tx.getChat(chatId);
    if (!chat) throw refuse('not_found', `chat ${chatId} does not exist`, { chatId });
    await requireReader(unit, chat, actor);
    return unit.tx.listMessages(chatId, { afterSeq, beforeSeq, limit });
  },

  async 'messages:read'(unit, actor, { messageId, userId }) {
    selfOnly(actor, userId);
    const message = await unit.tx.getMessage(messageId);
    if (!message) throw refuse('not_found', `message ${messageId} does not exist`, { messageId });
    const chat = await unit.requireChat(message.chatId);
    requireMember(chat, actor);
    const readSeq = await unit.tx.getReadSeq(chat.id, actor.id);
    // Read state only moves forward: marking an older message read confirms what was read already.
    if (message.seq <= readSeq) return { chatId: chat.id, seq: readSeq };
    await unit.tx.setReadSeq(chat.id, actor.id, message.seq);
    unit.emit(chat.users, 'message:read', { chatId: chat.id, userId: actor.id, seq: message.seq, messageId });
    return { chatId: chat.id, seq: message.seq };
  },

  async 'history:import'(unit, actor, { chatId, history }) {
    const chat = await unit.requireChat(chatId);
    const isCreator = chat.creator === actor.id;
    const isAgent =
      actor.role === 'agent' && (chat.users.includes(actor.id) || servesRoom(await unit.agentProfileOf(actor), chat.room));
    if (!isCreator && !isAgent) {
      throw refuse('forbidden', `only the creator or an agent may import history into chat ${chatId}`, { chatId });
    }
    requireOpen(chat);
    // Stable sort: entries with the same second keep the order they were given in.
    const ordered = history.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.created - b.entry.created || a.index - b.index);
    for (const { entry } of ordered) {
      const { message } = await unit.tx.appendMessage({
        id: unit.settings.createId(),
        chatId,
        sender: entry.sender,
        type: entry.sender === 'system' ? 'system' : 'text',
        message: entry.message,
        createdAt: new Date(entry.created * 1000).toISOString(),
        imported: true,
      });
      unit.emit(chat.users, 'message:received', { message });
    }
    return { imported: ordered.length };
  },

  async 'users:activity'(unit, actor, { chatId, userId, type }) {
    selfOnly(actor, userId);
    const chat = await unit.tx.getChat(chatId);
    if (!chat) throw refuse('not_found', `chat ${chatId} does not exist`, { chatId });
    requireMember(chat, actor);
    requireOpen(chat);
    unit.emit(
      chat.users.filter((id) => id !== actor.id),
      'user:activity',
      { chatId, userId, type },
    );
    return {};
  },
};

/** Members read a chat; so do agents of its room (an invited agent reads before accepting). */
async function requireReader(unit: Unit, chat: ChatRecord, actor: Actor): Promise<void> {
  if (chat.users.includes(actor.id)) return;
  if (servesRoom(await unit.agentProfileOf(actor), chat.room)) return;
  throw refuse('forbidden', `you may not read chat ${chat.id}`, { chatId: chat.id });
}
