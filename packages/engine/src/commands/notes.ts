import type { Actor } from '../actor';
import { refuse } from '../errors';
import type { ChatRecord } from '../store';
import type { Unit } from '../unit';
import type { CommandHandlers } from './types';

type NoteEvents = 'notes:add' | 'notes:list';

/**
 * Internal notes: agents' words about a chat that its visitor never receives. They are kept apart
 * from messages (no `seq`, no `message:received`), so no path that serves a visitor — pushes, history,
 * `messages:list`, transcripts — can carry one by mistake; only these two events read or write them.
 */
export const noteCommands: CommandHandlers<NoteEvents> = {
  async 'notes:add'(unit, actor, { chatId, clientId, message }) {
    requireAgent(actor);
    const chat = await unit.requireVisibleChat(chatId, actor);
    const { note, created } = await unit.tx.appendNote({
      id: unit.settings.createId(),
      chatId,
      sender: actor.id,
      message,
      clientId,
      createdAt: unit.nowIso,
      afterSeq: chat.lastSeq,
    });
    if (!created && note.sender !== actor.id) {
      throw refuse('conflict', `clientId ${clientId} is already used in chat ${chatId}`, { chatId, clientId });
    }
    if (created) unit.emit(await agentRecipients(unit, chat, actor), 'note:received', { note });
    return { note };
  },

  async 'notes:list'(unit, actor, { chatId }) {
    requireAgent(actor);
    await unit.requireVisibleChat(chatId, actor, { lock: false });
    return { notes: await unit.tx.listNotes(chatId) };
  },
};

function requireAgent(actor: Actor): void {
  if (actor.role !== 'agent') throw refuse('forbidden', 'only agents read and write internal notes');
}

/** The chat's members who are agents (by their stored role, never by position), and the writer. */
async function agentRecipients(unit: Unit, chat: ChatRecord, actor: Actor): Promise<string[]> {
  const members = await unit.tx.getUsers(chat.users);
  const agents = members.filter((user) => user.role === 'agent').map((user) => user.id);
  return agents.includes(actor.id) ? agents : [...agents, actor.id];
}
