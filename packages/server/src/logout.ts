import { ParleyError } from '@parley/protocol';
import { userRoom } from './rooms';
import type { ParleyIo } from './socketTypes';
import type { SqlStore } from './store/sqlStore';
import type { TokenService } from './tokens';
import { sessionLifetimeSeconds } from './tokens';

/**
 * Agents' logout (issue 13): the session's token id is revoked in the store, so every node refuses it
 * at the handshake, and the sockets opened with it are disconnected wherever they are.
 */
export function createLogout(options: { tokens: TokenService; store: SqlStore; io: () => ParleyIo | undefined }) {
  return async function logout(token: string): Promise<void> {
    const claims = await options.tokens.verify(token);
    if (claims.role !== 'agent' || claims.jti === undefined) {
      throw new ParleyError('forbidden', 'only agent sessions issued by this server can be logged out');
    }
    const exp = claims.exp ?? Math.floor(Date.now() / 1000) + sessionLifetimeSeconds.agent;
    await options.store.revokeToken(claims.jti, new Date(exp * 1000).toISOString());
    // fetchSockets goes through the adapter: every node's sockets of this session.
    for (const socket of (await options.io()?.in(userRoom(claims.sub)).fetchSockets()) ?? []) {
      if (socket.data.jti === claims.jti) socket.disconnect(true);
    }
  };
}
