import { toChat } from './chatView';
import type { ChatRecord, OfferRecord } from './store';
import type { Unit } from './unit';

/**
 * Invites one agent to the chat for `routing.intervalMs`: the offer, its timer, and `invitation:new`.
 * The caller has set the chat's status (offered from the queue, or still active during a transfer)
 * and checked the agent's capacity; it saves the chat.
 */
export async function makeOffer(unit: Unit, chat: ChatRecord, agentId: string): Promise<OfferRecord> {
  const routing = chat.routing!;
  const offer: OfferRecord = {
    chatId: chat.id,
    agentId,
    createdAt: unit.nowIso,
    expiresAt: new Date(unit.now + routing.intervalMs).toISOString(),
  };
  await unit.tx.insertOffer(offer);
  routing.offeredAgentIds.push(agentId);
  const profile = await unit.tx.getAgentProfile(agentId);
  if (profile) await unit.tx.putAgentProfile({ ...profile, lastOfferedAt: offer.createdAt });
  unit.offersMade.push(offer);
  unit.emit([agentId], 'invitation:new', { chat: toChat(chat), expiresAt: offer.expiresAt });
  return offer;
}
