import type { Chat, Message, User } from './models';

/** What a webhook target can be told about (docs/protocol.md §8). */
export const webhookEventNames = ['chat.created', 'chat.assigned', 'chat.message', 'chat.closed', 'chat.rated'] as const;
export type WebhookEventName = (typeof webhookEventNames)[number];

/** Each webhook event's `data`. */
export interface WebhookEventData {
  'chat.created': { chat: Chat };
  'chat.assigned': { chat: Chat; agent: User };
  'chat.message': { message: Message; room: string };
  'chat.closed': { chat: Chat; closedBy: string };
  'chat.rated': { chat: Chat; rating: Record<string, unknown> };
}

/** The JSON body of one webhook POST: the same `id` on every retry, so receivers can drop repeats. */
export type WebhookBody = {
  [E in WebhookEventName]: { id: string; type: E; createdAt: string; data: WebhookEventData[E] };
}[WebhookEventName];

/** `Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the target's secret>`. */
export const webhookSignatureHeader = 'parley-signature';

export function isWebhookEventName(value: unknown): value is WebhookEventName {
  return typeof value === 'string' && (webhookEventNames as readonly string[]).includes(value);
}
