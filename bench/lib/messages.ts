// The chat the client-side benchmarks feed in: the store benchmark in Node, the rendering benchmark in
// Chromium (its page imports this file too, so both libraries it compares get the same data). No Node
// or DOM APIs here.
import type { Message } from '@parley/protocol';

export const visitorId = 'visitor-1';
export const agentId = 'agent-1';

// Lengths from a word to a paragraph, so rows wrap to one to several lines.
const phrases = [
  'Hi!',
  'Thanks, that helps.',
  'Could you check my order status? It should have shipped last week.',
  'Sure — one moment while I look that up.',
  'I can see it left the warehouse on Tuesday; the tracking number is in the confirmation email.',
  'ok',
  'The invoice shows two line items for the same product, and the second one has a different price than the product page.',
  'Let me forward this to billing. They usually answer within a business day, and I will stay on this chat until then.',
  'Is there anything else I can help you with today?',
  'Yes, one more thing: can I change the delivery address for an order that is already on its way, or do I need to wait until it arrives and send it back?',
  'No problem.',
  'Here is the link to the returns form: https://example.com/returns — fill it in and we will email a label.',
];

const epoch = Date.UTC(2026, 0, 1);

/** A deterministic 32-bit mix of an integer (a stand-in for randomness that every run repeats). */
function mix(value: number): number {
  let x = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A fresh UUID-shaped string (36 characters, like the server's ids). */
function uuidLike(seq: number, salt: number): string {
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0').slice(-width);
  return `${hex(mix(seq * 31 + salt), 8)}-${hex(mix(seq + salt), 4)}-4${hex(mix(seq ^ salt), 3)}-8${hex(mix(seq * 7 + salt), 3)}-${hex(seq, 12)}`;
}

/**
 * The message with `seq` (from 1) of a chat, as it arrives off the wire: parsed from JSON, as
 * socket.io's parser does, so every call holds fresh, flat strings (string concatenation would leave
 * rope strings that weigh more) and memory figures show what a received message really holds. The
 * sender alternates in runs of one to three messages; the visitor's own messages carry a `clientId`
 * (the outbox's).
 */
export function benchMessage(chatId: string, seq: number): Message {
  const run = Math.floor(seq / 3);
  const sender = (mix(run) & 1) === 0 ? visitorId : agentId;
  const phrase = phrases[mix(seq) % phrases.length]!;
  const message: Message = {
    id: uuidLike(seq, 1),
    chatId,
    seq,
    sender,
    type: 'text',
    message: `${phrase} (#${seq})`,
    ...(sender === visitorId ? { clientId: uuidLike(seq, 2) } : {}),
    createdAt: new Date(epoch + seq * 7_000).toISOString(),
  };
  return JSON.parse(JSON.stringify(message)) as Message;
}
