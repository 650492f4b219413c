import { limits, ParleyError } from '@parley/protocol';
import type { ClientCommand, ClientResult, FileAttachment, HistoryEntry } from '@parley/protocol';
import { refuse } from '../errors';
import type { OutgoingEvent } from '../outgoing';
import type { ChatRecord, Store } from '../store';
import type { EngineSettings, Unit } from '../unit';
import { chatNotFound, requireMember, requireOpen, selfOnly, servesRoom } from '../unit';
import type { Actor } from '../actor';
import type { CommandHandlers } from './types';

type MessageEvents = 'messages:list' | 'messages:read' | 'history:import' | 'users:activity';

/** `messages:send`'s answer and what it broadcasts (nothing for a resend). */
interface SendOutcome {
  data: ClientResult<'messages:send'>;
  events: OutgoingEvent[];
  /** The message's event-journal key, when the store journaled it (see `MemberAppendResult`). */
  journal?: string;
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
  command: ClientCommand<'messages:send'>,
): Promise<SendOutcome> {
  const { chatId, clientId } = command;
  const id = settings.createId();
  // Written out, not `{ ...shared, type, message }`: V8 builds a spread object on its slow path, about
  // 600 bytes more per message than a literal.
  const result = await store.appendMessageIfMember(
    command.type === 'file'
      ? {
          id,
          chatId,
          sender: actor.id,
          clientId,
          createdAt: nowIso,
          type: 'file',
          message: command.message,
          file: await uploadedFile(store, actor, chatId, command.fileId),
        }
      : { id, chatId, sender: actor.id, clientId, createdAt: nowIso, type: 'text', message: command.message },
  );
  switch (result.outcome) {
    case 'no_chat':
      throw chatNotFound(chatId);
    case 'not_member':
      // Only someone who may see the chat (an agent of its room) learns that it exists.
      if (actor.role === 'agent' && (await agentServesChat(store, actor, chatId))) {
        throw refuse('forbidden', `you are not a member of chat ${chatId}`, { chatId });
      }
      throw chatNotFound(chatId);
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
        ...(result.journal !== undefined && { journal: result.journal }),
      };
  }
}

export const messageCommands: CommandHandlers<MessageEvents> = {
  async 'messages:list'(unit, actor, { chatId, afterSeq, beforeSeq, limit = limits.defaultListPageSize }) {
    await unit.requireVisibleChat(chatId, actor, { lock: false });
    return unit.tx.listMessages(chatId, { afterSeq, beforeSeq, limit });
  },

  async 'messages:read'(unit, actor, { messageId, userId }) {
    selfOnly(actor, userId);
    // A message of a chat the reader may not see is answered as a missing one, without its chatId.
    const missing = refuse('not_found', `message ${messageId} does not exist`);
    const message = await unit.tx.getMessage(messageId);
    if (!message) throw missing;
    const chat = await unit.tx.getChat(message.chatId, { lock: true });
    if (!chat || !(await unit.canSee(chat, actor))) throw missing;
    requireMember(chat, actor);
    const readSeq = await unit.tx.getReadSeq(chat.id, actor.id);
    // Read state only moves forward: marking an older message read confirms what was read already.
    if (message.seq <= readSeq) return { chatId: chat.id, seq: readSeq };
    await unit.tx.setReadSeq(chat.id, actor.id, message.seq);
    unit.emit(chat.users, 'message:read', { chatId: chat.id, userId: actor.id, seq: message.seq, messageId });
    return { chatId: chat.id, seq: message.seq };
  },

  async 'history:import'(unit, actor, { chatId, history }) {
    const chat = await unit.requireVisibleChat(chatId, actor);
    const isCreator = chat.creator === actor.id;
    const isAgent = actor.role === 'agent';
    if (!isCreator && !isAgent) {
      throw refuse('forbidden', `only the creator or an agent may import history into chat ${chatId}`, { chatId });
    }
    requireOpen(chat);
    requireHonestSenders(chat, actor, history);
    await requireHistoryRoom(unit, chatId, history);
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
    const chat = await unit.requireVisibleChat(chatId, actor, { lock: false });
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

/**
 * The attachment of a `file` message: a file this member uploaded to this chat. Anything else (a
 * missing id, another member's upload, one made for another chat) is answered as a missing file, so
 * file ids cannot be probed or a file moved into a chat its uploader did not send it to.
 */
async function uploadedFile(store: Store, actor: Actor, chatId: string, fileId: string): Promise<FileAttachment> {
  const file = await store.getFile(fileId);
  if (!file || file.uploader !== actor.id || file.chatId !== chatId) {
    throw refuse('not_found', `file ${fileId} does not exist`, { fileId });
  }
  return { id: file.id, name: file.name, mimeType: file.mimeType, size: file.size };
}

/** Whether the agent serves the chat's room (and so may know the chat exists). Off the hot path. */
async function agentServesChat(store: Store, actor: Actor, chatId: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const chat = await tx.getChat(chatId);
    return chat !== undefined && servesRoom(await tx.getAgentProfile(actor.id), chat.room);
  });
}

/**
 * Imported history is attributed honestly (issue 13): a visitor imports only as themselves, the bot
 * (`assistant`) or `system`; an agent also as the chat's visitor (a handover from another tool) —
 * never as another agent or user. Every imported message is stored with `imported: true`.
 */
function requireHonestSenders(chat: ChatRecord, actor: Actor, history: readonly HistoryEntry[]): void {
  const allowed = new Set([actor.id, 'assistant', 'system']);
  if (actor.role === 'agent') allowed.add(chat.creator);
  const forged = history.findIndex((entry) => !allowed.has(entry.sender));
  if (forged >= 0) {
    throw refuse('forbidden', `history.${forged}.sender: you may import only as ${[...allowed].join(', ')}`, {
      index: forged,
      allowed: [...allowed],
    });
  }
}

/** A chat's imported history is bounded in messages and characters: beyond it, payload_too_large. */
async function requireHistoryRoom(unit: Unit, chatId: string, history: readonly HistoryEntry[]): Promise<void> {
  const { maxImportedMessages, maxImportedCharacters } = unit.settings.policy;
  const held = await unit.tx.importedTotals(chatId);
  const characters = history.reduce((sum, entry) => sum + entry.message.length, 0);
  if (held.count + history.length > maxImportedMessages || held.characters + characters > maxImportedCharacters) {
    throw ParleyError.limitRefusal(
      'payload_too_large',
      'history_per_chat',
      `a chat holds at most ${maxImportedMessages} imported messages and ${maxImportedCharacters} characters of them (it holds ${held.count} and ${held.characters})`,
      { maxMessages: maxImportedMessages, maxCharacters: maxImportedCharacters },
    );
  }
}
