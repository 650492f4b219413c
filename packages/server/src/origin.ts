import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientEventName } from '@parley/protocol';

/** The socket whose event is being handled, and which event: set by the gateway around the engine. */
export interface Origin {
  socketId: string;
  event: ClientEventName;
}

/**
 * Carries the origin of a command from the gateway, through the engine and the store's batching,
 * to the delivery of the events it produced, without the engine knowing about sockets: the delivery
 * leaves out the socket that sent a message, which has it in its ack already.
 */
export const commandOrigin = new AsyncLocalStorage<Origin>();
