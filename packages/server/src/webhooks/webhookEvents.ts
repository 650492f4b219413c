import { randomUUID } from 'node:crypto';
import type { OutgoingEvent } from '@parley/engine';
import type { Chat, WebhookBody, WebhookEventData, WebhookEventName } from '@parley/protocol';
import type { SqlExecutor } from '../store/sqlClient';

/**
 * Publishes a webhook event that does not come from the engine's stream (`chat.rated`), durably:
 * `cause` stores what it announces in the same transaction, and the event is published only if it
 * answers true (what the answer resolves to). Without `cause`, the event is published on its own.
 */
export type PublishWebhookEvent = (event: WebhookEvent, cause?: (tx: SqlExecutor) => Promise<boolean>) => Promise<boolean>;

/** A webhook event before it is addressed to targets; `room` picks the per-room ones. */
export interface WebhookEvent {
  room: string;
  body: WebhookBody;
}

export function webhookEvent<E extends WebhookEventName>(type: E, room: string, data: WebhookEventData[E], now = new Date()): WebhookEvent {
  return { room, body: { id: randomUUID(), type, createdAt: now.toISOString(), data } as WebhookBody };
}

/**
 * The webhook events in one batch of the engine's stream (one command's or timer's events, in
 * commit order). A chat's new state travels as `chat:updated` in the same batch as the `user:joined`
 * or `chat:closed` it explains; a message names its chat only, so its room comes from `roomOf`
 * (the batch's own chats first, then the store).
 */
export async function webhookEventsOf(
  events: readonly OutgoingEvent[],
  roomOf: (chatIds: string[]) => Promise<Map<string, string>>,
): Promise<WebhookEvent[]> {
  const chats = new Map<string, Chat>();
  for (const event of events) if (event.event === 'chat:updated') chats.set(event.payload.chat.id, event.payload.chat);
  const unknownRooms = new Set<string>();
  for (const event of events) {
    if (event.event === 'message:received' && !chats.has(event.payload.message.chatId)) unknownRooms.add(event.payload.message.chatId);
  }
  const rooms = unknownRooms.size > 0 ? await roomOf([...unknownRooms]) : new Map<string, string>();
  const out: WebhookEvent[] = [];
  for (const event of events) {
    switch (event.event) {
      case 'chat:updated':
        if (event.created) out.push(webhookEvent('chat.created', event.payload.chat.room, { chat: event.payload.chat }));
        break;
      case 'user:joined': {
        const chat = chats.get(event.payload.chatId);
        if (chat && event.payload.user.role === 'agent' && chat.assignee === event.payload.user.id) {
          out.push(webhookEvent('chat.assigned', chat.room, { chat, agent: event.payload.user }));
        }
        break;
      }
      case 'message:received': {
        const { message } = event.payload;
        const room = chats.get(message.chatId)?.room ?? rooms.get(message.chatId);
        if (room !== undefined) out.push(webhookEvent('chat.message', room, { message, room }));
        break;
      }
      case 'chat:closed': {
        const chat = chats.get(event.payload.chatId);
        if (chat) out.push(webhookEvent('chat.closed', chat.room, { chat, closedBy: event.payload.userId }));
        break;
      }
      default:
        break;
    }
  }
  return out;
}
