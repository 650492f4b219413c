import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Session, UserRole } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';

export interface TokenClaims {
  sub: string;
  role: UserRole;
  name: string;
}

/** What a verified token says beyond its claims: when it ends and its id (for logout). */
export interface VerifiedToken extends TokenClaims {
  /** Unix seconds; absent only when tokens without `exp` are allowed. */
  exp?: number;
  /** The token's id (`jti`); host-minted tokens may have none, and then cannot be revoked one by one. */
  jti?: string;
}

/** Visitors resume a chat after a reload for a month; agents sign in for a working day. */
export const sessionLifetimeSeconds: Record<UserRole, number> = {
  user: 30 * 24 * 3600,
  agent: 12 * 3600,
};

/** HS256 keys shorter than this are refused at start: a short secret can be brute-forced offline. */
export const minSecretBytes = 32;

export interface TokenServiceOptions {
  /** Signs new tokens and verifies. */
  secret: string;
  /** Still verified, never used to sign: the keys being rotated out during their grace period. */
  previousSecrets?: readonly string[];
  /** Host-minted tokens without `exp` would live forever; accepted only when this is set. */
  allowTokensWithoutExp?: boolean;
}

export interface TokenService {
  issue(claims: TokenClaims, now?: number): Promise<Session>;
  /** The claims of a valid token; `unauthorized` for anything else. */
  verify(token: unknown): Promise<VerifiedToken>;
}

/** Refuses a secret too short to sign tokens with (issue 13). */
export function checkSecret(secret: string, label = 'the token secret'): void {
  const bytes = Buffer.byteLength(secret);
  if (bytes < minSecretBytes) {
    throw new ParleyError(
      'invalid_payload',
      `${label} is ${bytes} bytes; it must be at least ${minSecretBytes} (e.g. \`openssl rand -base64 32\`, passed with --secret-file or PARLEY_SECRET)`,
    );
  }
}

/** HS256 JWTs: the format host apps mint themselves with the same secret (PROTOCOL.md §1). */
export function createTokenService(options: TokenServiceOptions | string): TokenService {
  const { secret, previousSecrets = [], allowTokensWithoutExp = false } = typeof options === 'string' ? { secret: options } : options;
  checkSecret(secret);
  previousSecrets.forEach((previous, index) => checkSecret(previous, `previous secret ${index + 1}`));
  const encoder = new TextEncoder();
  const key = encoder.encode(secret);
  const keys = [key, ...previousSecrets.map((previous) => encoder.encode(previous))];
  return {
    async issue(claims, now = Date.now()) {
      const issuedAt = Math.floor(now / 1000);
      const expiresAt = issuedAt + sessionLifetimeSeconds[claims.role];
      const token = await new SignJWT({ role: claims.role, name: claims.name })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
    },
    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        throw new ParleyError('unauthorized', 'a session token is required');
      }
      for (const candidate of keys) {
        try {
          const { payload } = await jwtVerify(token, candidate, {
            algorithms: ['HS256'],
            ...(allowTokensWithoutExp ? {} : { requiredClaims: ['exp'] }),
          });
          const { sub, role, name, exp, jti } = payload;
          if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128 || sub.includes('\u0000') || (role !== 'user' && role !== 'agent')) {
            break;
          }
          const verified: VerifiedToken = { sub, role, name: typeof name === 'string' && name.length > 0 ? name.slice(0, 200) : sub };
          if (typeof exp === 'number') verified.exp = exp;
          if (typeof jti === 'string' && jti.length > 0 && jti.length <= 128) verified.jti = jti;
          return verified;
        } catch (error) {
          // Only a bad signature is worth trying the next key for; an expired or malformed token is not.
          if (!(error instanceof joseErrors.JWSSignatureVerificationFailed)) break;
        }
      }
      throw new ParleyError('unauthorized', 'the session token is invalid or expired');
    },
  };
}
