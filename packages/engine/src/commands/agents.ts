import type { User } from '@parley/protocol';
import { toChat } from '../chatView';
import { refuse } from '../errors';
import { dispatchAgentRooms, dispatchRoom, endOffer } from '../routing';
import type { AgentProfile, ChatRecord } from '../store';
import type { Unit } from '../unit';
import { chatNotFound } from '../unit';
import type { Actor } from '../actor';
import { assignTo } from './chats';
import type { CommandHandlers } from './types';

type AgentEvents = 'agents:status' | 'user:focus' | 'invitations:accept' | 'invitations:reject';

export const agentCommands: CommandHandlers<AgentEvents> = {
  async 'agents:status'(unit, actor, { status }) {
    if (actor.role !== 'agent') throw refuse('forbidden', 'only agents have a status');
    const user = await setAgentStatus(unit, actor, status);
    // Counted even when the status stays: an agent that says `offline` while its socket is coming
    // online (offline until then) must not be brought online by it (see `setAgentStatusIf`). The row is
    // locked already: setAgentStatus took its rooms' agents, then it.
    const profile = await unit.tx.getAgentProfile(actor.id);
    if (profile) await unit.tx.putAgentProfile({ ...profile, statusChoices: profile.statusChoices + 1 });
    return { user };
  },

  async 'user:focus'(unit, actor, { chatId }) {
    if (chatId !== undefined) await unit.requireVisibleChat(chatId, actor, { lock: false });
    // An agent back at its desk is no longer away.
    if (actor.role === 'agent') {
      const user = await unit.tx.getUser(actor.id);
      if (user?.status === 'away') await setAgentStatus(unit, actor, 'online');
    }
    return {};
  },

  async 'invitations:accept'(unit, actor, { chatId }) {
    const { chat } = await requireOwnOffer(unit, actor, chatId);
    const agent = await unit.userOrPlaceholder(actor);
    if (chat.routing?.transfer) return { chat: toChat(await takeTransfer(unit, chat, agent)) };
    await unit.touchQueue(chat.room);
    await unit.tx.deleteOffer(chatId);
    await assignTo(unit, chat, agent);
    await unit.tx.updateChat(chat);
    unit.emit(chat.users, 'user:joined', { chatId, user: agent });
    await unit.emitChatUpdated(chat);
    return { chat: toChat(chat) };
  },

  async 'invitations:reject'(unit, actor, { chatId }) {
    const { chat, offer } = await requireOwnOffer(unit, actor, chatId);
    await endOffer(unit, chat, offer, 'rejected');
    // The chat's own room first: the agent may have left it (registerAgent) while the offer was pending,
    // and then dispatching only the agent's rooms left the rejected chat unoffered (agents.test.ts).
    await dispatchRoom(unit, chat.room);
    await dispatchAgentRooms(unit, actor.id);
    return { chat: toChat((await unit.tx.getChat(chatId))!) };
  },
};

/**
 * The invited colleague takes a transferred chat: the agent who handed it over leaves only now, its
 * slot goes to the next queued chat, and the chat moves to the transfer's room.
 */
async function takeTransfer(unit: Unit, chat: ChatRecord, agent: User): Promise<ChatRecord> {
  const transfer = chat.routing!.transfer!;
  const fromRoom = chat.room;
  if (transfer.room !== fromRoom && (await unit.tx.findOpenChat(chat.creator, transfer.room))) {
    // One open chat per visitor and room: the visitor opened one there meanwhile.
    throw refuse('conflict', `the visitor already has an open chat in room ${transfer.room}`, { room: transfer.room });
  }
  await unit.tx.deleteOffer(chat.id);
  const leaving = (await unit.tx.getUser(transfer.from)) ?? { id: transfer.from, role: 'agent', name: transfer.from };
  const formerMembers = [...chat.users];
  chat.users = chat.users.filter((id) => id !== transfer.from);
  chat.room = transfer.room;
  await assignTo(unit, chat, agent);
  await unit.tx.updateChat(chat);
  unit.emit(formerMembers, 'user:left', { chatId: chat.id, user: leaving });
  unit.emit(chat.users, 'user:joined', { chatId: chat.id, user: agent });
  await unit.emitChatUpdated(chat, fromRoom);
  await dispatchAgentRooms(unit, transfer.from);
  return chat;
}

/** The chat and the actor's live offer for it, or the reason there is none. */
async function requireOwnOffer(unit: Unit, actor: Actor, chatId: string) {
  if (actor.role !== 'agent') throw refuse('forbidden', 'only agents answer invitations');
  const chat = await unit.requireChat(chatId);
  const offer = await unit.tx.getOffer(chatId);
  // The invited agent sees the chat even if it left the chat's room meanwhile; other agents only
  // if they serve the room.
  if (offer?.agentId !== actor.id && !(await unit.canSee(chat, actor))) throw chatNotFound(chatId);
  if (chat.status === 'closed') throw refuse('closed', `chat ${chatId} is closed`, { chatId });
  // An offer past its deadline is as good as expired, even if its timer has not fired yet.
  if (!offer || offer.agentId !== actor.id || offer.expiresAt <= unit.nowIso) {
    throw refuse('conflict', `you have no pending invitation to chat ${chatId}`, { chatId });
  }
  return { chat, offer };
}

/**
 * Locks every agent of the agent's rooms, in the order assignment locks them (`listRoomAgents`: by
 * user id), the agent's own row among them, and reads its profile under them. A status change used to
 * lock its own row first and its rooms' agents later (dispatching): two agents of a room changing
 * status together each held one row the other wanted, and PostgreSQL broke every such tie only after
 * its `deadlock_timeout` (1 s), so agents coming online together (a reconnect after a restart) stalled
 * the node's work for seconds. The rows assignment locks, taken first, also mean an offer being made to
 * this agent right now commits before a change reads the offers to withdraw, or is made after it reads
 * the new status — not both on a status read before the change.
 */
export async function lockForStatusChange(unit: Unit, agentId: string): Promise<AgentProfile | undefined> {
  const rooms = (await unit.tx.getAgentProfile(agentId))?.rooms ?? [];
  for (const room of [...rooms].sort()) await unit.tx.listRoomAgents(room, { lock: true });
  return unit.tx.getAgentProfile(agentId, { lock: true });
}

/**
 * Changes an agent's status and tells agents of its rooms. Going away or offline withdraws its
 * pending offers (each a jump, so the chat moves on at once); coming online pulls queued chats.
 */
export async function setAgentStatus(unit: Unit, actor: Actor, status: 'online' | 'away' | 'offline'): Promise<User> {
  return changeAgentStatus(unit, actor, status, await lockForStatusChange(unit, actor.id));
}

/** `setAgentStatus` once its locks are held: `profile` is what `lockForStatusChange` read. */
export async function changeAgentStatus(unit: Unit, actor: Actor, status: 'online' | 'away' | 'offline', profile: AgentProfile | undefined): Promise<User> {
  const user = await unit.tx.getUser(actor.id);
  if (!user) throw refuse('not_found', `agent ${actor.id} does not exist`, { userId: actor.id });
  if (user.status === status) return user;
  const updated: User = { ...user, status };
  await unit.tx.updateUser(updated);
  const colleagues = (await Promise.all((profile?.rooms ?? []).map((room) => unit.agentIdsOf(room)))).flat();
  unit.emit([actor.id, ...colleagues], 'agent:status', { userId: actor.id, status });
  if (status !== 'online') {
    const withdrawnRooms = new Set<string>();
    for (const offer of await unit.tx.listAgentOffers(actor.id)) {
      const chat = await unit.tx.getChat(offer.chatId, { lock: true });
      if (!chat) continue;
      await endOffer(unit, chat, offer, 'withdrawn');
      withdrawnRooms.add(chat.room);
    }
    // As in invitations:reject: a withdrawn chat's room may no longer be one of the agent's rooms.
    for (const room of withdrawnRooms) await dispatchRoom(unit, room);
  }
  // Its withdrawn chats go to colleagues now; when online, it takes its share of the queue.
  await dispatchAgentRooms(unit, actor.id);
  return updated;
}
