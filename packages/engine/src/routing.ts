import { availableAgents, chooseAgent } from './assignment';
import { makeOffer } from './offers';
import type { ChatRecord, OfferRecord, RoutingState } from './store';
import { endTransferOffer } from './transfer';
import type { Unit } from './unit';

/** Why an offer ended without an accept: only a `rejected` one keeps the agent from being asked again. */
export type OfferEnd = 'rejected' | 'expired' | 'withdrawn';


/**
 * Offers queued chats of the room to available agents until either runs out. The queue is served in
 * order; a chat whose candidates all said no (or transferred it away) lets the next one have the agent.
 */
export async function dispatchRoom(unit: Unit, room: string): Promise<void> {
  // Agents are locked before the queue is read: a node that waited for the lock then reads the queue
  // as the previous holder left it, instead of offering a chat that was offered meanwhile.
  const agents = await unit.tx.listRoomAgents(room, { lock: true });
  // Nobody free: nothing to offer, so the queue need not be read. The agents stay locked until the
  // unit ends, and that lock is the room's critical section: every statement saved here is saved
  // once per concurrent assign (200 at once through two nodes measured p50 2.4 s before this).
  if (availableAgents(agents).length === 0) return;
  const queue = await unit.tx.listQueue(room);
  if (queue.length === 0) return;
  await unit.touchQueue(room);
  for (const chat of queue) {
    const routing = chat.routing!;
    const available = availableAgents(agents);
    if (available.length === 0) return;
    const candidates = available.filter((agent) => agent.user.id !== routing.transferredFrom && !routing.rejectedBy?.includes(agent.user.id));
    const choice = chooseAgent(candidates, routing.offeredAgentIds, routing.algorithm, unit.settings.random);
    if (!choice) continue;
    if (choice.newRound) routing.offeredAgentIds = [];
    const offer = await offerChat(unit, chat, choice.agent.user.id);
    choice.agent.pendingOffers += 1;
    choice.agent.profile.lastOfferedAt = offer.createdAt;
  }
}

/** Invites one agent to the chat for `routing.intervalMs`. The caller has checked its capacity. */
export async function offerChat(unit: Unit, chat: ChatRecord, agentId: string): Promise<OfferRecord> {
  await unit.touchQueue(chat.room);
  chat.status = 'offered';
  const offer = await makeOffer(unit, chat, agentId);
  await unit.tx.updateChat(chat);
  await unit.emitChatUpdated(chat);
  return offer;
}

/**
 * Ends the chat's pending offer without an accept (rejected, expired, agent went away): one jump. After `maxAttempts` jumps the members
 * hear `forever:alone` and the chat leaves the queue; otherwise it waits at its old place for the
 * next dispatch. A rejection also rules the agent out for this assignment: when no online agent of
 * the room is left to ask, the members hear `forever:alone` at once instead of waiting for nobody.
 * An offer of a transfer goes on to the next colleague, or back to the assignee (`transfer.ts`).
 */
export async function endOffer(unit: Unit, chat: ChatRecord, offer: OfferRecord, why: OfferEnd): Promise<void> {
  await unit.touchQueue(chat.room);
  await unit.tx.deleteOffer(chat.id);
  unit.emit([offer.agentId], 'invitation:expired', { chatId: chat.id });
  if (chat.status === 'active' && chat.routing?.transfer) return endTransferOffer(unit, chat, offer);
  if (chat.status !== 'offered' || !chat.routing) return;
  chat.routing.attempts += 1;
  chat.status = 'waiting';
  if (why === 'rejected') chat.routing.rejectedBy = [...(chat.routing.rejectedBy ?? []), offer.agentId];
  if (chat.routing.attempts >= chat.routing.maxAttempts || (why === 'rejected' && !(await anyoneLeftToAsk(unit, chat)))) {
    chat.queuedAt = null;
    chat.routing = null;
    unit.emit(chat.users, 'forever:alone', { chatId: chat.id });
  }
  await unit.tx.updateChat(chat);
  await unit.emitChatUpdated(chat);
}

/** Whether an online agent of the chat's room may still be offered it in this assignment (busy ones count: they free up). */
async function anyoneLeftToAsk(unit: Unit, chat: ChatRecord): Promise<boolean> {
  const routing = chat.routing!;
  const agents = await unit.tx.listRoomAgents(chat.room);
  return agents.some(
    (agent) => agent.user.status === 'online' && agent.user.id !== routing.transferredFrom && !routing.rejectedBy?.includes(agent.user.id),
  );
}

/**
 * Withdraws an offer because the chat no longer needs it (closed, joined directly): no jump. Answers
 * the agent it was made to, whose slot is now free for the next queued chat.
 */
export async function cancelOffer(unit: Unit, chat: ChatRecord): Promise<string | undefined> {
  const offer = await unit.tx.getOffer(chat.id);
  if (!offer) return undefined;
  await unit.tx.deleteOffer(chat.id);
  unit.emit([offer.agentId], 'invitation:expired', { chatId: chat.id });
  return offer.agentId;
}

/** Puts the chat (back) in its room's queue with fresh routing, keeping an earlier place if it has one. */
export async function enqueue(unit: Unit, chat: ChatRecord, routing: RoutingState, queuedAt = unit.nowIso): Promise<void> {
  await unit.touchQueue(chat.room);
  chat.status = 'waiting';
  chat.queuedAt = queuedAt;
  chat.routing = routing;
  await unit.tx.updateChat(chat);
}

/** Dispatches every room the agent serves: called when its capacity frees up or it comes online. */
export async function dispatchAgentRooms(unit: Unit, agentId: string): Promise<void> {
  const profile = await unit.tx.getAgentProfile(agentId);
  for (const room of profile?.rooms ?? []) await dispatchRoom(unit, room);
}
