import { jwtVerify, SignJWT } from 'jose';
import type { Session, UserRole } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';

export interface TokenClaims {
  sub: string;
  role: UserRole;
  name: string;
}

/** Visitors resume a chat after a reload for a month; agents sign in for a working day. */
export const sessionLifetimeSeconds: Record<UserRole, number> = {
  user: 30 * 24 * 3600,
  agent: 12 * 3600,
};

export interface TokenService {
  issue(claims: TokenClaims, now?: number): Promise<Session>;
  /** The claims of a valid token; `unauthorized` for anything else. */
  verify(token: unknown): Promise<TokenClaims>;
}

/** HS256 JWTs: the format host apps mint themselves with the same secret (PROTOCOL.md §1). */
export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(claims, now = Date.now()) {
      const issuedAt = Math.floor(now / 1000);
      const expiresAt = issuedAt + sessionLifetimeSeconds[claims.role];
      const token = await new SignJWT({ role: claims.role, name: claims.name })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
    },
    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        throw new ParleyError('unauthorized', 'a session token is required');
      }
      try {
        // PROTOCOL.md §1 names only sub, role and name for host-minted tokens, so `exp` is honoured when
        // present but not required (the README asks hosts to set it).
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        const { sub, role, name } = payload;
        if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128 || (role !== 'user' && role !== 'agent')) {
          throw new Error('claims');
        }
        return { sub, role, name: typeof name === 'string' && name.length > 0 ? name.slice(0, 200) : sub };
      } catch {
        throw new ParleyError('unauthorized', 'the session token is invalid or expired');
      }
    },
  };
}
