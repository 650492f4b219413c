import type { ServerEvent } from '@parley/protocol';

/** A server event and the users (all their sockets) it goes to. */
export type OutgoingEvent = ServerEvent & { to: readonly string[] };
