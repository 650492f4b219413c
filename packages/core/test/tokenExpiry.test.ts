import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, logOut, signUpVisitor } from '../src/index';
import type { TestServer } from './helpers';
import { removeDir, startServer, until } from './helpers';

/**
 * Issue 13: an open socket does not outlive its token. The server disconnects it at `exp`; the client
 * retries, the handshake is refused `unauthorized`, and the client stops there with that error — the
 * signal the widget and the console turn into signing in again.
 */
describe('a token expiring while connected', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(server.dataDir);
  });

  it('ends the connection with unauthorized, not an endless reconnect', async () => {
    const user = await server.engine.registerVisitor({ name: 'Brief' });
    // Issued a visitor lifetime ago, plus two seconds: it expires two seconds from now.
    const lifetimeMs = 30 * 24 * 3600 * 1000;
    const { token } = await server.tokens.issue({ sub: user.id, role: 'user', name: user.name }, Date.now() - lifetimeMs + 2000);
    const client = createClient({ url: server.url, token, storage: false, user });
    try {
      await until(() => client.connection.status === 'connected');
      await until(() => client.connection.status === 'disconnected', 10_000);
      expect(client.connection.error).toMatchObject({ code: 'unauthorized' });
    } finally {
      client.disconnect();
    }
  });

  it('ends the connection with unauthorized when the visitor ends the session (logOut), and the token stays refused', async () => {
    const { user, session } = await signUpVisitor(server.url, { name: 'Leaving' });
    const client = createClient({ url: server.url, token: session.token, storage: false, user });
    try {
      await until(() => client.connection.status === 'connected');
      await logOut(server.url, session.token);
      await until(() => client.connection.status === 'disconnected', 10_000);
      expect(client.connection.error).toMatchObject({ code: 'unauthorized' });
      await expect(logOut(server.url, 'not-a-token')).rejects.toMatchObject({ code: 'unauthorized' });
    } finally {
      client.disconnect();
    }
  });
});
