import type { UserRole } from '@parley/protocol';
import { LRUCache } from 'lru-cache';

/** What a handshake needs of the stored user behind a token. */
export interface HandshakeUser {
  id: string;
  role: UserRole;
  name: string;
  /** A deactivated agent's account (issue 16): its tokens open no socket. Always false for visitors. */
  disabled: boolean;
}

/** The token's claims a handshake looks its user up by. */
export type HandshakeClaims = Omit<HandshakeUser, 'disabled'>;

export interface KnownUsers {
  /**
   * The stored user for a verified token's claims (stored first if new, with an agent's account
   * flags): `load`, a database transaction or two. A user seen before comes from memory: a
   * reconnect, the common handshake, costs no database round trip — which is what a node faces when
   * a dead peer's clients all come over.
   */
  ensure(claims: HandshakeClaims): Promise<HandshakeUser>;
  /**
   * Drops a user whose stored record or account changed (or whose session ended), so the next
   * handshake reads it again. This node only: the server tells the other nodes (see `userChanges`).
   */
  forget(userId: string): void;
}

export interface KnownUsersOptions {
  /** Reads (or first stores) the user behind the claims, with its account flags. */
  load: (claims: HandshakeClaims) => Promise<HandshakeUser>;
  /** Users held at most; the least recently used go first (default 100,000: ~10 MB). */
  max?: number;
  /**
   * How long a visitor's entry is trusted, ms (default 10 minutes). A user's role and existence never
   * change (ids are never reused and a visitor never becomes an agent); the name may, on another
   * node, and this bounds how long a socket could carry the old one.
   */
  ttlMs?: number;
  /**
   * How long an agent's entry is trusted, ms (default `ttlMs`). An agent can be deactivated: every
   * node hears of it at once when the nodes share Redis; without it (nodes that share only the
   * database) this bounds how long another node would still let the agent's token in.
   */
  agentTtlMs?: number;
  /** The clock entries age by, ms (default `performance.now`); a manual clock in tests. */
  now?: () => number;
}

/**
 * A bounded cache of the users handshakes have met. Only what is dropped on change is kept: a token
 * is still verified and checked against revocations (Redis or memory) on every handshake, before
 * this is asked, and a change to a user or an agent's account reaches every node's `forget`.
 */
export function createKnownUsers({ load, max = 100_000, ttlMs = 10 * 60_000, agentTtlMs = ttlMs, now }: KnownUsersOptions): KnownUsers {
  const cache = new LRUCache<string, HandshakeUser>({ max, ttl: ttlMs, ...(now && { perf: { now } }) });
  /** Lookups under way, by user id: a storm of one user's sockets asks the database once. */
  const pending = new Map<string, Promise<HandshakeUser>>();

  return {
    ensure(claims) {
      const known = cache.get(claims.id);
      if (known) return Promise.resolve(known);
      let lookup = pending.get(claims.id);
      if (!lookup) {
        const started: Promise<HandshakeUser> = load(claims).then(
          (user) => {
            const entry: HandshakeUser = { id: user.id, role: user.role, name: user.name, disabled: user.disabled };
            // Not when `forget` came meanwhile: the answer may predate the change.
            if (pending.get(claims.id) === started) {
              pending.delete(claims.id);
              cache.set(user.id, entry, { ttl: entry.role === 'agent' ? agentTtlMs : ttlMs });
            }
            return entry;
          },
          (error: unknown) => {
            if (pending.get(claims.id) === started) pending.delete(claims.id);
            throw error;
          },
        );
        lookup = started;
        pending.set(claims.id, lookup);
      }
      return lookup;
    },
    forget(userId) {
      cache.delete(userId);
      pending.delete(userId);
    },
  };
}
