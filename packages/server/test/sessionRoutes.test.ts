import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { logIn, openSocket, signUp, startTestServer } from './harness';

/**
 * Every REST route that takes a session token checks the same three things (`createSessionAuth`):
 * a valid signature and `exp`, a session not logged out, and — for an agent — an account not
 * deactivated. These go route by route, so a route added without the check fails here.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Answer {
  status: number;
  code: string | undefined;
}

async function call(server: TestServer, method: Method, path: string, token: string, body?: unknown): Promise<Answer> {
  const raw = body instanceof Uint8Array;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': raw ? 'application/octet-stream' : 'application/json' }),
    },
    ...(body !== undefined && { body: raw ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as { error?: { code?: string } });
  return { status: response.status, code: parsed.error?.code };
}

/** Routes an agent's session opens (ids need not exist: the session is checked before anything else). */
const agentRoutes: readonly [Method, string, unknown?][] = [
  ['GET', '/v1/agents/me'],
  ['POST', '/v1/agents/me/password', { currentPassword: 'secret-pass', newPassword: 'another-pass' }],
  ['GET', '/v1/canned'],
  ['POST', '/v1/canned', { title: 'Hi', text: 'Hello!' }],
  ['PUT', '/v1/canned/some-id', { title: 'Hi', text: 'Hello!' }],
  ['DELETE', '/v1/canned/some-id'],
  ['GET', '/v1/chats'],
  ['GET', '/v1/chats/some-chat/transcript'],
  ['POST', '/v1/chats/some-chat/transcript', {}],
  ['GET', '/v1/ratings/summary'],
  ['GET', '/v1/files/some-file/link'],
  ['POST', '/v1/chats/some-chat/files?name=a.txt', new TextEncoder().encode('hello')],
  ['GET', '/v1/admin/agents'],
];

/** Routes a visitor's session opens. */
const visitorRoutes: readonly [Method, string, unknown?][] = [
  ['POST', '/v1/users/me', { extraInfo: { plan: 'pro' } }],
  ['POST', '/v1/chats/some-chat/rating', { score: 5 }],
  ['POST', '/v1/chats/some-chat/transcript', {}],
  ['GET', '/v1/files/some-file/link'],
  ['POST', '/v1/chats/some-chat/files?name=a.txt', new TextEncoder().encode('hello')],
];

describe('REST routes and the session behind a token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("refuses a deactivated agent's token on every route (403 forbidden), and opens them again once reactivated", async () => {
    await server.addAgent({ username: 'dee', password: 'secret-pass', name: 'Dee', rooms: ['support'] });
    const { session } = await logIn(server, 'dee', 'secret-pass');
    expect((await call(server, 'GET', '/v1/chats', session.token)).status).toBe(200);
    await server.administration.updateAgent('cli', 'dee', { disabled: true });
    for (const [method, path, body] of agentRoutes) {
      expect({ route: `${method} ${path}`, ...(await call(server, method, path, session.token, body)) }).toEqual({
        route: `${method} ${path}`,
        status: 403,
        code: 'forbidden',
      });
    }
    await server.administration.updateAgent('cli', 'dee', { disabled: false });
    expect((await call(server, 'GET', '/v1/chats', session.token)).status).toBe(200);
  });

  it("refuses a logged-out visitor's token on every route (401 unauthorized), and changes nothing", async () => {
    const { user, session } = await signUp(server, { name: 'Lou' });
    const out = await fetch(`${server.url}/v1/users/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    expect(out.status).toBe(204);
    for (const [method, path, body] of visitorRoutes) {
      expect({ route: `${method} ${path}`, ...(await call(server, method, path, session.token, body)) }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        code: 'unauthorized',
      });
    }
    // The profile update did not happen.
    const stored = await server.store.transaction((tx) => tx.getUser(user.id));
    expect(stored?.extraInfo).toBeUndefined();
  });

  it("refuses a logged-out agent's token on every route (401 unauthorized)", async () => {
    await server.addAgent({ username: 'lee', password: 'secret-pass', name: 'Lee', rooms: ['support'] });
    const { session } = await logIn(server, 'lee', 'secret-pass');
    await fetch(`${server.url}/v1/agents/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    for (const [method, path, body] of agentRoutes) {
      expect({ route: `${method} ${path}`, ...(await call(server, method, path, session.token, body)) }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        code: 'unauthorized',
      });
    }
  });

  it('refuses a token naming a reserved user id (system, assistant) at the handshake, and such an agent username', async () => {
    for (const sub of ['system', 'assistant', 'System']) {
      const token = await new SignJWT({ role: 'user', name: 'Impostor' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('test-secret-test-secret-test-secret'));
      const socket = openSocket(server, token);
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
      });
      socket.close();
      expect({ sub, outcome }).toEqual({ sub, outcome: 'unauthorized' });
    }
    for (const username of ['system', 'Assistant']) {
      await expect(server.administration.createAgent('cli', { username, name: 'Not the server', rooms: [] })).rejects.toMatchObject({
        code: 'invalid_payload',
      });
    }
  });
});
