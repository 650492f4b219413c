import type { ClientCommand } from './events';
import { isCleanText } from './cleanText';
import { limits } from './limits';

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= limits.idLength && isCleanText(value);
}

/**
 * The hot payload, `messages:send` of a text message, checked without zod: every message goes
 * through here, and zod's general machinery (a discriminated union of strict objects, refinements,
 * a fresh output object) was a measurable share of the server's CPU per message. It accepts exactly
 * what the schema accepts and returns what the schema returns; anything else (a file message, any
 * fault) gets `undefined`, and the caller runs the schema, which also words the error.
 */
export function fastTextSend(payload: unknown): ClientCommand<'messages:send'> | undefined {
  if (typeof payload !== 'object' || payload === null || Object.getPrototypeOf(payload) !== Object.prototype) return undefined;
  const { chatId, clientId, type, message } = payload as Record<string, unknown>;
  if (type !== 'text' || typeof message !== 'string') return undefined;
  let keys = 0;
  for (const key in payload) {
    if (key !== 'chatId' && key !== 'clientId' && key !== 'type' && key !== 'message') return undefined;
    keys++;
  }
  if (keys !== 4 || Object.getOwnPropertySymbols(payload).length > 0) return undefined;
  if (!isId(chatId) || !isId(clientId)) return undefined;
  if (message.length > limits.messageLength || message.trim().length === 0 || !isCleanText(message)) return undefined;
  return { chatId, clientId, type: 'text', message };
}
