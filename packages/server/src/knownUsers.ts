import type { ChatEngine } from '@parley/engine';
import type { UserRole } from '@parley/protocol';
import { LRUCache } from 'lru-cache';

/** What a handshake needs of the stored user behind a token. */
export interface HandshakeUser {
  id: string;
  role: UserRole;
  name: string;
}

export interface KnownUsers {
  /**
   * The stored user for a verified token's claims, stored first if new (`ensureUser`, a
   * transaction). A user seen before comes from memory: a reconnect, the common handshake, costs no
   * database round trip — which is what a node faces when a dead peer's clients all come over.
   */
  ensure(claims: HandshakeUser): Promise<HandshakeUser>;
  /** Drops a user whose stored record changed (or whose session ended), so the next handshake reads it. */
  forget(userId: string): void;
}

export interface KnownUsersOptions {
  engine: Pick<ChatEngine, 'ensureUser'>;
  /** Users held at most; the least recently used go first (default 100,000: ~10 MB). */
  max?: number;
  /**
   * How long an entry is trusted, ms (default 10 minutes). A user's role and existence never change
   * (ids are never reused and a visitor never becomes an agent); the name may, on another node, and
   * this bounds how long a socket could carry the old one.
   */
  ttlMs?: number;
}

/**
 * A bounded cache of the users handshakes have met. Only what cannot go stale in a harmful way is
 * kept: a token is still verified and checked against revocations (Redis or memory) on every
 * handshake, before this is asked.
 */
export function createKnownUsers({ engine, max = 100_000, ttlMs = 10 * 60_000 }: KnownUsersOptions): KnownUsers {
  const cache = new LRUCache<string, HandshakeUser>({ max, ttl: ttlMs });
  /** Lookups under way, by user id: a storm of one user's sockets asks the database once. */
  const pending = new Map<string, Promise<HandshakeUser>>();

  return {
    ensure(claims) {
      const known = cache.get(claims.id);
      if (known) return Promise.resolve(known);
      let lookup = pending.get(claims.id);
      if (!lookup) {
        const started: Promise<HandshakeUser> = engine.ensureUser(claims).then(
          (user) => {
            const entry: HandshakeUser = { id: user.id, role: user.role, name: user.name };
            // Not when `forget` came meanwhile: the answer may predate the change.
            if (pending.get(claims.id) === started) {
              pending.delete(claims.id);
              cache.set(user.id, entry);
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
