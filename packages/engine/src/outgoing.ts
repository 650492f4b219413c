import type { ServerEvent } from '@parley/protocol';

/**
 * A server event and the users (all their sockets) it goes to. `created` marks the `chat:updated` of
 * a chat that has just been created, so an observer of the stream (webhooks) can tell a new chat
 * from a changed one; it is not sent to clients.
 */
export type OutgoingEvent = ServerEvent & { to: readonly string[]; created?: true };
