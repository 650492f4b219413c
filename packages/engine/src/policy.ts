import { limits } from '@parley/protocol';

/**
 * What a deployment allows visitors to create (issue 13): a public chat lets anyone sign up, so every
 * resource a visitor's command makes has a bound here. Refusals carry `details.limit` naming the bound,
 * which the server counts per limit (`parley_limit_refusals_total`).
 */
export interface EnginePolicy {
  /**
   * Rooms chats may be created in, besides the rooms agents serve. `undefined` accepts any room (an
   * in-browser engine, tests); a server passes its configured list, so visitors cannot invent rooms.
   */
  knownRooms: ReadonlySet<string> | undefined;
  /** Bounds of `chats:assign`'s `interval` (ms) and `maxAttempts`: no 0.1 s offers × 100 attempts. */
  minOfferIntervalMs: number;
  maxOfferIntervalMs: number;
  maxOfferAttempts: number;
  /** Chats one visitor may create in total. */
  maxChatsPerVisitor: number;
  /** Imported history one chat may hold, in messages and in characters. */
  maxImportedMessages: number;
  maxImportedCharacters: number;
}

/** The engine's own defaults: the protocol's outer bounds, and history bounded even here. */
export const defaultEnginePolicy: EnginePolicy = {
  knownRooms: undefined,
  minOfferIntervalMs: 100,
  maxOfferIntervalMs: limits.maxOfferSeconds * 1000,
  maxOfferAttempts: limits.maxAttempts,
  maxChatsPerVisitor: Number.POSITIVE_INFINITY,
  maxImportedMessages: 10_000,
  maxImportedCharacters: 5_000_000,
};

/** Names of the limits refusals carry in `details.limit`; the README's Security section lists them. */
export type LimitName =
  | 'signups_per_ip'
  | 'sockets_per_ip'
  | 'sockets_per_user'
  | 'events_per_socket'
  | 'events_per_user'
  | 'chats_per_visitor'
  | 'history_per_chat'
  | 'unknown_room'
  | 'offer_bounds'
  | 'login_attempts'
  | 'login_concurrency';
