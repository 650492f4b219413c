import type { Redis } from 'ioredis';
import { ParleyError } from '@parley/protocol';
import { userRoom } from './rooms';
import type { ParleyIo } from './socketTypes';
import type { SqlStore } from './store/sqlStore';
import type { TokenService } from './tokens';
import { sessionLifetimeSeconds } from './tokens';

/**
 * Ended sessions (issue 13): a visitor's "end session" and an agent's logout revoke the token's id
 * until the token would have expired anyway. The store keeps the list (it outlives restarts and a
 * flushed Redis); every handshake asks whether its token was revoked. With Redis (several nodes) the
 * answer comes from a key per revoked id there, written by the node that revoked it, so every node
 * refuses the token at once; without Redis (one node) from this process's copy of the store's list —
 * a visitor's reconnect, the hot path, costs no database query either way.
 */
export interface Revocations {
  /** Loads the store's list (into Redis, or into memory). */
  start(): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
  /**
   * Ends the session of `token`: refused from now on by every node, and its open sockets (on any
   * node) disconnected, which clients turn into signing in again. `unauthorized` for a bad token.
   */
  logout(token: string): Promise<void>;
}

export interface RevocationsOptions {
  tokens: TokenService;
  store: SqlStore;
  /** The socket.io server, created after the REST routes; only logouts (requests) read it. */
  io: () => ParleyIo | undefined;
  redis?: Redis | undefined;
  prefix?: string;
  onError?: (error: unknown) => void;
}

export function createRevocations(options: RevocationsOptions): Revocations {
  const { tokens, store, redis } = options;
  const key = (jti: string) => `${options.prefix ?? 'parley'}:revoked:${jti}`;
  /** jti → expiry (ms), when there is no Redis. */
  const local = new Map<string, number>();

  async function remember(jti: string, expiresAtMs: number): Promise<void> {
    const ttl = Math.ceil(expiresAtMs - Date.now());
    if (ttl <= 0) return;
    if (redis) await redis.set(key(jti), '1', 'PX', ttl);
    else local.set(jti, expiresAtMs);
  }

  return {
    async start() {
      for (const { jti, expiresAt } of await store.revokedTokens()) await remember(jti, Date.parse(expiresAt));
    },
    async isRevoked(jti) {
      if (!redis) {
        const until = local.get(jti);
        if (until !== undefined && until <= Date.now()) local.delete(jti);
        return until !== undefined && until > Date.now();
      }
      try {
        return (await redis.exists(key(jti))) === 1;
      } catch (error) {
        // Redis away: the store still knows.
        options.onError?.(error);
        return store.isTokenRevoked(jti);
      }
    },
    async logout(token) {
      const claims = await tokens.verify(token);
      if (claims.jti === undefined) {
        throw new ParleyError('forbidden', 'this token has no id (jti), so it cannot be revoked: only tokens issued by this server can be logged out');
      }
      const exp = claims.exp ?? Math.floor(Date.now() / 1000) + sessionLifetimeSeconds[claims.role];
      await store.revokeToken(claims.jti, new Date(exp * 1000).toISOString());
      await remember(claims.jti, exp * 1000);
      // fetchSockets goes through the adapter: this session's sockets on every node.
      for (const socket of (await options.io()?.in(userRoom(claims.sub)).fetchSockets()) ?? []) {
        if (socket.data.jti === claims.jti) socket.disconnect(true);
      }
    },
  };
}
