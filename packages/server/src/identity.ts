import { errors as joseErrors, jwtVerify } from 'jose';
import type { VerifiedIdentity } from '@parley/protocol';
import { limits, ParleyError } from '@parley/protocol';
import { checkSecret } from './tokens';

/**
 * Checks identity tokens: HS256 JWTs a host's backend signs with the identity secret it shares with
 * this server, saying who a visitor is (`sub`: the host's id for them; optional `name` and `email`).
 * The secret is not the session-token secret: a host holding it can vouch for visitors, never sign
 * in as an agent. `exp` is required, so a token copied out of a page stops working soon.
 */
export interface IdentityVerifier {
  /** The identity the token proves; `unauthorized` for a bad signature, an expired or a malformed token. */
  verify(token: string): Promise<VerifiedIdentity>;
}

export interface IdentityVerifierOptions {
  secret: string;
  /** Still accepted during a rotation of the identity secret. */
  previousSecrets?: readonly string[];
}

const refused = () => new ParleyError('unauthorized', 'the identity token is invalid or expired');

/** A claim the server keeps: text without NUL, within the profile field length; else the token is refused. */
function claim(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.includes('\u0000') || value.length > limits.profileFieldLength) throw refused();
  return value.trim();
}

export function createIdentityVerifier(options: IdentityVerifierOptions): IdentityVerifier {
  checkSecret(options.secret, 'the identity secret');
  (options.previousSecrets ?? []).forEach((previous, index) => checkSecret(previous, `previous identity secret ${index + 1}`));
  const encoder = new TextEncoder();
  const keys = [options.secret, ...(options.previousSecrets ?? [])].map((secret) => encoder.encode(secret));
  return {
    async verify(token) {
      for (const key of keys) {
        try {
          const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
          const id = claim(payload.sub, true)!;
          // The host's own user ids: as long as any identifier the protocol takes.
          if (id.length > 128) throw refused();
          const identity: VerifiedIdentity = { id };
          const name = claim(payload.name, false);
          const email = claim(payload.email, false);
          if (name !== undefined) identity.name = name;
          if (email !== undefined) identity.email = email;
          return identity;
        } catch (error) {
          // Only a bad signature is worth trying the next key for.
          if (!(error instanceof joseErrors.JWSSignatureVerificationFailed)) break;
        }
      }
      throw refused();
    },
  };
}
