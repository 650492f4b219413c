import type { User } from '@parley/protocol';
import { availableAgents, chooseAgent } from './assignment';
import { makeOffer } from './offers';
import type { ChatRecord, OfferRecord } from './store';
import { displayName, saySystemMessage } from './systemMessage';
import type { Unit } from './unit';

/*
 * A transfer keeps the chat with its assignee until a colleague accepts (issue 15): the visitor goes on
 * talking to the agent they have, instead of waiting in a queue again, and the agent sees the chat until
 * it is really someone else's. The colleague is offered the chat as an ordinary invitation; when
 * nobody takes it, the chat simply stays, with a notice to both sides.
 */

/**
 * Offers the chat being transferred to its next colleague: the one named, or the target room's
 * available agents one at a time (never the transferring agent, never anyone twice). False when
 * nobody is left to ask.
 */
export async function offerTransfer(unit: Unit, chat: ChatRecord): Promise<boolean> {
  const routing = chat.routing!;
  const transfer = routing.transfer!;
  if (routing.attempts >= routing.maxAttempts) return false;
  const agents = await unit.tx.listRoomAgents(transfer.room, { lock: true });
  const candidates = availableAgents(agents).filter(
    (agent) =>
      agent.user.id !== transfer.from &&
      !routing.offeredAgentIds.includes(agent.user.id) &&
      (transfer.agentId === undefined || agent.user.id === transfer.agentId),
  );
  const choice = chooseAgent(candidates, [], routing.algorithm, unit.settings.random);
  if (!choice) return false;
  await makeOffer(unit, chat, choice.agent.user.id);
  await unit.tx.updateChat(chat);
  await unit.emitChatUpdated(chat, transfer.room);
  return true;
}

/** The notice the visitor (and the agent) read when the transfer is offered. */
export async function announceTransfer(unit: Unit, chat: ChatRecord, from: User): Promise<void> {
  const transfer = chat.routing!.transfer!;
  const to = transfer.agentId !== undefined ? await nameOf(unit, transfer.agentId) : `room ${transfer.room}`;
  await saySystemMessage(unit, chat, `${displayName(from)} is transferring you to ${to}.`);
}

/**
 * A colleague let the transfer offer pass (rejected, expired, went away): the next one is asked, or,
 * when nobody is left, the transfer ends and the chat stays with its assignee, saying so.
 */
export async function endTransferOffer(unit: Unit, chat: ChatRecord, offer: OfferRecord): Promise<void> {
  const routing = chat.routing!;
  const transfer = routing.transfer!;
  routing.attempts += 1;
  if (await offerTransfer(unit, chat)) return;
  chat.routing = null;
  await unit.tx.updateChat(chat);
  const stays = await nameOf(unit, transfer.from);
  const text =
    transfer.agentId !== undefined
      ? `${await nameOf(unit, offer.agentId)} did not take the chat; ${stays} stays with you.`
      : `Nobody in room ${transfer.room} took the chat; ${stays} stays with you.`;
  await saySystemMessage(unit, chat, text);
  await unit.emitChatUpdated(chat, transfer.room);
}

async function nameOf(unit: Unit, userId: string): Promise<string> {
  const user = await unit.tx.getUser(userId);
  return user ? displayName(user) : userId;
}
