import { ParleyError } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import type { TokenService, VerifiedToken } from './tokens';

export interface SessionAuthOptions {
  tokens: TokenService;
  /** Whether a token id was revoked (logout, "end session"): from Redis or memory. */
  isRevoked(jti: string): Promise<boolean>;
  /** Whether an agent's account is deactivated now (the database, on every call). */
  isDisabled(userId: string): Promise<boolean>;
}

/**
 * The caller behind a REST request's session token: `unauthorized` unless it is signed, unexpired and
 * not logged out; `forbidden` for a deactivated agent, whose tokens open no REST route (nor a socket:
 * the handshake checks the same). Every route that takes a session token asks this, so no route can
 * forget one of the three checks.
 */
export type AuthenticateSession = (request: FastifyRequest) => Promise<VerifiedToken>;

export function createSessionAuth({ tokens, isRevoked, isDisabled }: SessionAuthOptions): AuthenticateSession {
  return async (request) => {
    const claims = await tokens.verify(bearerToken(request));
    if (claims.jti !== undefined && (await isRevoked(claims.jti))) throw new ParleyError('unauthorized', 'this session has ended: sign in again');
    // Visitors are never deactivated; an agent's flag is read at once, so deactivating counts on every node.
    if (claims.role === 'agent' && (await isDisabled(claims.sub))) throw new ParleyError('forbidden', 'this account is deactivated');
    return claims;
  };
}

/** `Authorization: Bearer <token>`'s token; empty (refused by `verify`) without one. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
}
