import { isReservedUserId, limits, ParleyError } from '@parley/protocol';
import type { ChatDetails, TransferAgent, TransferRoom, User } from '@parley/protocol';
import { availableAgents } from '../assignment';
import { toChat } from '../chatView';
import { refuse } from '../errors';
import { cancelOffer, dispatchAgentRooms, dispatchRoom, enqueue } from '../routing';
import { announceTransfer, offerTransfer } from '../transfer';
import type { ChatRecord, RoutingState } from '../store';
import { displayName } from '../systemMessage';
import type { Unit } from '../unit';
import { requireMember, requireOpen, selfOnly, servesRoom } from '../unit';
import type { CommandHandlers } from './types';

type ChatEvents =
  | 'chats:create'
  | 'chats:assign'
  | 'chats:join'
  | 'chats:close'
  | 'chats:get'
  | 'chats:transfer'
  | 'transfer:targets'
  | 'users:chats';

export const chatCommands: CommandHandlers<ChatEvents> = {
  async 'chats:create'(unit, actor, { room, source, lang, creator, context }) {
    if (actor.role !== 'user') throw refuse('forbidden', 'only visitors create chats');
    selfOnly(actor, creator);
    // Create or resume: a visitor has one open chat per room, so asking again (StrictMode's second
    // effect, a reload, a retried request) answers that chat. Two creates racing on PostgreSQL: the
    // loser's insert conflicts, its unit reruns, and this lookup finds the winner's chat.
    const open = await unit.tx.findOpenChat(creator, room);
    if (open) return { chat: toChat(open), resumed: true };
    await requireKnownRoom(unit, room);
    const { maxChatsPerVisitor } = unit.settings.policy;
    // The visitor's row is held while counting: creates in parallel (two sockets, two nodes) count
    // one after the other, or each would see room for one more.
    if (Number.isFinite(maxChatsPerVisitor)) await unit.tx.getUser(creator, { lock: true });
    if (Number.isFinite(maxChatsPerVisitor) && (await unit.tx.listUserChats(creator)).length >= maxChatsPerVisitor) {
      throw ParleyError.limitRefusal('rate_limited', 'chats_per_visitor', `a visitor may create at most ${maxChatsPerVisitor} chats`, {
        max: maxChatsPerVisitor,
      });
    }
    const chat: ChatRecord = {
      id: unit.settings.createId(),
      room,
      source,
      lang: lang ?? 'en',
      creator,
      status: 'waiting',
      users: [creator],
      createdAt: unit.nowIso,
      lastSeq: 0,
      queuedAt: null,
      routing: null,
    };
    // Kept only when it says something: an empty context is no context.
    if (context && Object.keys(context).length > 0) chat.context = context;
    await unit.tx.insertChat(chat);
    await unit.emitChatUpdated(chat, undefined, { created: true });
    return { chat: toChat(chat) };
  },

  async 'chats:assign'(unit, actor, { chatId, algorithm, maxAttempts, interval }) {
    const chat = await unit.requireVisibleChat(chatId, actor);
    requireMember(chat, actor);
    requireOfferBounds(unit, interval, maxAttempts);
    requireOpen(chat);
    const routing = {
      algorithm: algorithm ?? unit.settings.defaultAlgorithm,
      maxAttempts: maxAttempts ?? unit.settings.defaultMaxAttempts,
      intervalMs: interval !== undefined ? Math.round(interval * 1000) : unit.settings.defaultIntervalMs,
      attempts: 0,
      offeredAgentIds: [],
    };
    // The assignee asking hands the chat over (a bot passing it to humans): it leaves, and the chat is
    // queued for the room's other agents. A pending transfer must be settled first.
    if (chat.status === 'active' && chat.assignee === actor.id && actor.role === 'agent' && !chat.routing?.transfer) {
      await handOver(unit, chat, actor.id, routing);
      return { chat: toChat((await unit.tx.getChat(chatId))!) };
    }
    // Already answered by an agent, or already being routed: assigning again changes nothing (its place
    // and attempts stay), so an app that creates and assigns in an effect may run it twice.
    if (chat.status === 'active' || chat.queuedAt !== null) return { chat: toChat(chat) };
    await enqueue(unit, chat, routing);
    await unit.emitChatUpdated(chat);
    await dispatchRoom(unit, chat.room);
    return { chat: toChat((await unit.tx.getChat(chatId))!) };
  },

  async 'chats:join'(unit, actor, { chatId, userId }) {
    selfOnly(actor, userId);
    const chat = await unit.requireVisibleChat(chatId, actor);
    if (chat.users.includes(actor.id)) return { chat: toChat(chat) };
    if (!servesRoom(await unit.agentProfileOf(actor), chat.room)) {
      throw refuse('forbidden', `only agents of room ${chat.room} may join chat ${chatId}`, { chatId });
    }
    requireOpen(chat);
    const agent = await unit.userOrPlaceholder(actor);
    let invited: string | undefined;
    if (chat.status !== 'active') {
      // An agent picking a chat straight from the queue takes it: the pending offer is withdrawn.
      await unit.touchQueue(chat.room);
      invited = await cancelOffer(unit, chat);
      await assignTo(unit, chat, agent);
    } else {
      chat.users.push(actor.id);
    }
    await unit.tx.updateChat(chat);
    unit.emit(chat.users, 'user:joined', { chatId, user: agent });
    await unit.emitChatUpdated(chat);
    // The withdrawn offer freed a slot of the invited agent: without this, a chat queued behind this one
    // (waiting because that agent was full) stayed unoffered until some unrelated event dispatched the room.
    if (invited !== undefined) await dispatchAgentRooms(unit, invited);
    return { chat: toChat(chat) };
  },

  async 'chats:close'(unit, actor, { chatId, userId }) {
    selfOnly(actor, userId);
    const chat = await unit.requireVisibleChat(chatId, actor);
    requireMember(chat, actor);
    if (chat.status === 'closed') return { chat: toChat(chat) };
    await closeChat(unit, chat, actor.id);
    return { chat: toChat(chat) };
  },

  async 'chats:get'(unit, actor, { chatId, fields = [] }) {
    const chat = await unit.requireVisibleChat(chatId, actor, { lock: false });
    const details: ChatDetails = toChat(chat);
    if (fields.includes('users')) {
      details.users = await unit.tx.getUsers(chat.users);
      // Senders who are no longer members: their messages (and, for agents, notes) still name them.
      const writers = new Set(await unit.tx.listMessageSenders(chat.id));
      if (actor.role === 'agent') for (const note of await unit.tx.listNotes(chat.id)) writers.add(note.sender);
      const former = [...writers].filter((id) => !chat.users.includes(id) && !isReservedUserId(id));
      if (former.length > 0) details.formerUsers = await unit.tx.getUsers(former);
    }
    if (fields.includes('watchers')) {
      // Watchers see the chat without being members: the agent currently invited to it.
      const offer = await unit.tx.getOffer(chat.id);
      details.watchers = offer ? await unit.tx.getUsers([offer.agentId]) : [];
    }
    if (fields.includes('reads')) {
      // Read receipts and unread counts for a page that was not there when the reads were pushed.
      const positions = await Promise.all(chat.users.map(async (userId) => [userId, await unit.tx.getReadSeq(chat.id, userId)] as const));
      details.reads = Object.fromEntries(positions.filter(([, seq]) => seq > 0));
    }
    if (fields.includes('history')) {
      // The latest page only: a chat of 30,000 messages answered 51 MB in one ack. Older messages are
      // paged with messages:list { beforeSeq }.
      const page = await unit.tx.listMessages(chat.id, { limit: limits.chatHistoryPage });
      details.history = page.messages;
      if (page.hasMore) details.hasMoreHistory = true;
    }
    // For the desk: is the visitor still on the page? A visitor asking learns nothing new (it is them).
    if (fields.includes('presence') && actor.role === 'agent' && unit.settings.isConnected) {
      details.visitorOnline = await unit.settings.isConnected(chat.creator);
    }
    return { chat: details };
  },

  async 'chats:transfer'(unit, actor, { chatId, room, agentId }) {
    const chat = await unit.requireVisibleChat(chatId, actor);
    requireOpen(chat);
    if (chat.assignee !== actor.id) {
      throw refuse('forbidden', `only the agent assigned to chat ${chatId} may transfer it`, { chatId });
    }
    if (chat.routing?.transfer) {
      throw refuse('conflict', `a transfer of chat ${chatId} is pending`, { chatId });
    }
    const targetRoom = room ?? chat.room;
    const roomAgents = await unit.tx.listRoomAgents(targetRoom, { lock: true });
    if (agentId !== undefined) {
      if (agentId === actor.id) throw refuse('conflict', 'you cannot transfer a chat to yourself', { chatId });
      const target = roomAgents.find((agent) => agent.user.id === agentId);
      if (!target) {
        const exists = await unit.tx.getUser(agentId);
        if (!exists || exists.role !== 'agent') throw refuse('not_found', `agent ${agentId} does not exist`, { agentId });
        throw refuse('conflict', `agent ${agentId} does not serve room ${targetRoom}`, { agentId, room: targetRoom });
      }
      if (availableAgents([target]).length === 0) {
        throw refuse('no_agents', `agent ${agentId} is not online with a free slot`, { agentId });
      }
    } else if (availableAgents(roomAgents).filter((agent) => agent.user.id !== actor.id).length === 0) {
      // The chat stays with its agent while a colleague is asked: nobody free to ask is said at once.
      throw refuse('no_agents', `no other agent of room ${targetRoom} is online with a free slot`, { room: targetRoom });
    }
    // One open chat per visitor and room is a unique key in the store: refused here as the conflict it
    // is, instead of reaching the store as a constraint violation (`internal`).
    if (targetRoom !== chat.room) {
      const open = await unit.tx.findOpenChat(chat.creator, targetRoom);
      if (open) {
        throw refuse('conflict', `the visitor already has an open chat in room ${targetRoom}`, { room: targetRoom });
      }
    }

    chat.routing = {
      algorithm: unit.settings.defaultAlgorithm,
      // A named colleague is asked once; a room's available agents in turn, as a queued chat would be.
      maxAttempts: agentId !== undefined ? 1 : unit.settings.defaultMaxAttempts,
      intervalMs: unit.settings.defaultIntervalMs,
      attempts: 0,
      offeredAgentIds: [],
      transfer: agentId !== undefined ? { from: actor.id, room: targetRoom, agentId } : { from: actor.id, room: targetRoom },
    };
    await unit.tx.updateChat(chat);
    await announceTransfer(unit, chat, await unit.userOrPlaceholder(actor));
    // Checked above: there is someone to ask.
    await offerTransfer(unit, chat);
    return { chat: toChat(chat) };
  },

  async 'transfer:targets'(unit, actor, { chatId }) {
    if (actor.role !== 'agent') throw refuse('forbidden', 'only agents transfer chats');
    const chat = await unit.requireVisibleChat(chatId, actor, { lock: false });
    const profile = await unit.tx.getAgentProfile(actor.id);
    // The deployment's configured rooms, the caller's own, and the chat's: where a chat may go.
    const roomNames = [...new Set([...(unit.settings.policy.knownRooms ?? []), ...(profile?.rooms ?? []), chat.room])].sort();
    const rooms: TransferRoom[] = [];
    const agents = new Map<string, TransferAgent>();
    for (const room of roomNames) {
      const colleagues = (await unit.tx.listRoomAgents(room)).filter((agent) => agent.user.id !== actor.id);
      const available = availableAgents(colleagues);
      rooms.push({ room, available: available.length });
      for (const agent of colleagues) {
        if (agent.user.status !== 'online' || agents.has(agent.user.id)) continue;
        agents.set(agent.user.id, { user: agent.user, rooms: [...agent.profile.rooms], available: available.includes(agent) });
      }
    }
    const byName = (a: TransferAgent, b: TransferAgent) => displayName(a.user).localeCompare(displayName(b.user)) || (a.user.id < b.user.id ? -1 : 1);
    return { rooms, agents: [...agents.values()].sort(byName) };
  },

  async 'users:chats'(unit, actor, { userId }) {
    selfOnly(actor, userId);
    return { chats: (await unit.tx.listUserChats(userId)).map(toChat) };
  },
};

/** Rooms are configured, not invented by visitors: a known room, or one an agent serves. */
async function requireKnownRoom(unit: Unit, room: string): Promise<void> {
  const known = unit.settings.policy.knownRooms;
  if (known === undefined || known.has(room)) return;
  if ((await unit.agentIdsOf(room)).length > 0) return;
  throw ParleyError.limitRefusal('not_found', 'unknown_room', `room ${room} does not exist`);
}

/** `chats:assign`'s interval and attempts within the deployment's bounds. */
function requireOfferBounds(unit: Unit, interval: number | undefined, maxAttempts: number | undefined): void {
  const { minOfferIntervalMs, maxOfferIntervalMs, maxOfferAttempts } = unit.settings.policy;
  if (interval !== undefined && (interval * 1000 < minOfferIntervalMs || interval * 1000 > maxOfferIntervalMs)) {
    throw ParleyError.limitRefusal('invalid_payload', 'offer_bounds', `interval: must be from ${minOfferIntervalMs / 1000} to ${maxOfferIntervalMs / 1000} seconds`, {
      min: minOfferIntervalMs / 1000,
      max: maxOfferIntervalMs / 1000,
    });
  }
  if (maxAttempts !== undefined && (maxAttempts < 1 || maxAttempts > maxOfferAttempts)) {
    throw ParleyError.limitRefusal('invalid_payload', 'offer_bounds', `maxAttempts: must be from 1 to ${maxOfferAttempts}`, { min: 1, max: maxOfferAttempts });
  }
}

/** Makes the agent the chat's assignee and a member; the chat leaves the queue. */
export async function assignTo(unit: Unit, chat: ChatRecord, agent: User): Promise<void> {
  chat.status = 'active';
  chat.assignee = agent.id;
  if (!chat.users.includes(agent.id)) chat.users.push(agent.id);
  chat.queuedAt = null;
  chat.routing = null;
  const profile = await unit.tx.getAgentProfile(agent.id);
  if (profile) await unit.tx.putAgentProfile({ ...profile, lastAssignedAt: unit.nowIso });
}

/** Closes the chat: its offer is withdrawn, it leaves the queue, its agent's slot goes to the next chat. */
export async function closeChat(unit: Unit, chat: ChatRecord, closedBy: string): Promise<void> {
  if (chat.queuedAt !== null) await unit.touchQueue(chat.room);
  const invited = await cancelOffer(unit, chat);
  const assignee = chat.status === 'active' ? chat.assignee : undefined;
  chat.status = 'closed';
  chat.closedAt = unit.nowIso;
  chat.closedBy = closedBy;
  chat.queuedAt = null;
  chat.routing = null;
  await unit.tx.updateChat(chat);
  unit.emit(chat.users, 'chat:closed', { chatId: chat.id, userId: closedBy });
  await unit.emitChatUpdated(chat);
  if (assignee) await dispatchAgentRooms(unit, assignee);
  // Closing an offered chat frees the invited agent's slot too (see chats:join): offer it the next queued chat.
  if (invited !== undefined) await dispatchAgentRooms(unit, invited);
}

/**
 * The assignee hands its chat to the room's other agents: it leaves (`user:left`), the chat waits in
 * the queue again (never offered back to it in this assignment) and its slot is free.
 */
async function handOver(unit: Unit, chat: ChatRecord, agentId: string, routing: RoutingState): Promise<void> {
  const leaving = (await unit.tx.getUser(agentId)) ?? { id: agentId, role: 'agent' as const, name: agentId };
  const formerMembers = [...chat.users];
  chat.users = chat.users.filter((id) => id !== agentId);
  delete chat.assignee;
  // At its first place in line: the visitor has waited since the chat began, not since the hand-over.
  await enqueue(unit, chat, { ...routing, transferredFrom: agentId }, chat.createdAt);
  unit.emit(formerMembers, 'user:left', { chatId: chat.id, user: leaving });
  await unit.emitChatUpdated(chat);
  await dispatchRoom(unit, chat.room);
  await dispatchAgentRooms(unit, agentId);
}
