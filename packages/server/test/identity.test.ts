import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { ErrorPayload, Session, User } from '@parley/protocol';
import type { TestServer } from './harness';
import { agent, connectParticipant, logIn, postJson, startTestServer } from './harness';

/** docs/protocol.md §1: visitors' identity, proven by a token the host's backend signs, never by the page. */

const identitySecret = 'host-identity-secret-host-identity-secret';
const sessionSecret = 'test-secret-test-secret-test-secret';

/** What a host's backend does: an HS256 JWT over the visitor's id in its own system, short-lived. */
async function mintIdentity(claims: { sub?: string; name?: string; email?: string }, options: { secret?: string; expiresIn?: string | number } = {}): Promise<string> {
  const jwt = new SignJWT({ ...(claims.name ? { name: claims.name } : {}), ...(claims.email ? { email: claims.email } : {}) }).setProtectedHeader({ alg: 'HS256' });
  if (claims.sub) jwt.setSubject(claims.sub);
  jwt.setExpirationTime(options.expiresIn ?? '10m');
  return jwt.sign(new TextEncoder().encode(options.secret ?? identitySecret));
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const codeOf = (answer: { body: unknown }) => (answer.body as { error: ErrorPayload }).error.code;

describe('visitor identity (host-minted tokens)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ identitySecret });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('signs a visitor up verified: the token’s name and email win over the page’s, agents see `verified`', async () => {
    const identity = await mintIdentity({ sub: 'acme-42', name: 'Vera Verified', email: 'vera@acme.test' });
    const { status, body } = await postJson(`${server.url}/v1/users`, { name: 'Mallory', contact: 'mallory@evil.test', extraInfo: { plan: 'pro' }, identity });
    expect(status).toBe(201);
    const { user, session } = body as { user: User; session: Session };
    expect(user).toMatchObject({ name: 'Vera Verified', contact: 'vera@acme.test', extraInfo: { plan: 'pro' }, verified: { id: 'acme-42', name: 'Vera Verified', email: 'vera@acme.test' } });

    // An agent who opens the visitor's chat sees who the host vouched for.
    const ann = await agent(server, 'ann-identity');
    const vera = await connectParticipant(server, user, session.token);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: user.id });
    const seen = await ann.send('chats:get', { chatId: chat.id, fields: 'users' });
    expect((seen.chat.users as User[]).find((member) => member.id === user.id)?.verified).toEqual({ id: 'acme-42', name: 'Vera Verified', email: 'vera@acme.test' });
    vera.close();
    ann.close();
  });

  it('refuses forged, expired, unsigned and session-secret tokens at sign-up, and changes nothing', async () => {
    const forged = await mintIdentity({ sub: 'acme-1' }, { secret: 'not-the-identity-secret-not-the-identity-secret' });
    const expired = await mintIdentity({ sub: 'acme-1' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const withoutSub = await mintIdentity({ name: 'Nobody' });
    // A token signed with the session secret (what an agent's session is signed with) proves no identity.
    const sessionSigned = await mintIdentity({ sub: 'acme-1' }, { secret: sessionSecret });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'acme-1', exp: 9e9 })).toString('base64url')}.`;
    for (const identity of [forged, expired, withoutSub, sessionSigned, unsigned]) {
      const answer = await postJson(`${server.url}/v1/users`, { name: 'Page', identity });
      expect(answer.status, identity).toBe(401);
      expect(codeOf(answer)).toBe('unauthorized');
    }
  });

  it('verifies a signed-in visitor later, merges attributes, and answers `conflict` for a second identity', async () => {
    const { body } = await postJson(`${server.url}/v1/users`, { name: 'Anon', extraInfo: { page: '/pricing' } });
    const { user, session } = body as { user: User; session: Session };
    expect(user.verified).toBeUndefined();

    const rita = await mintIdentity({ sub: 'acme-7', name: 'Rita' });
    const verified = await post(`${server.url}/v1/users/me`, { identity: rita }, session.token);
    expect(verified.status).toBe(200);
    expect((verified.body as { user: User }).user).toMatchObject({ id: user.id, name: 'Rita', verified: { id: 'acme-7', name: 'Rita' } });

    const attributes = await post(`${server.url}/v1/users/me`, { extraInfo: { plan: 'pro' } }, session.token);
    expect((attributes.body as { user: User }).user.extraInfo).toEqual({ page: '/pricing', plan: 'pro' });

    const other = await post(`${server.url}/v1/users/me`, { identity: await mintIdentity({ sub: 'acme-8' }) }, session.token);
    expect(other.status).toBe(409);
    expect(codeOf(other)).toBe('conflict');

    const forged = await post(`${server.url}/v1/users/me`, { identity: await mintIdentity({ sub: 'acme-7' }, { secret: sessionSecret }) }, session.token);
    expect(codeOf(forged)).toBe('unauthorized');
  });

  it('answers `unauthorized` without a session, `forbidden` for agents, `invalid_payload` for bad attributes', async () => {
    expect(codeOf(await post(`${server.url}/v1/users/me`, { extraInfo: { a: 1 } }))).toBe('unauthorized');
    await server.addAgent({ username: 'agent-identity', password: 'secret-pass', name: 'Agent Identity', rooms: ['support'] });
    const { session } = await logIn(server, 'agent-identity', 'secret-pass');
    expect(codeOf(await post(`${server.url}/v1/users/me`, { extraInfo: { a: 1 } }, session.token))).toBe('forbidden');
    const { body } = await postJson(`${server.url}/v1/users`, {});
    const visitorToken = (body as { session: Session }).session.token;
    expect(codeOf(await post(`${server.url}/v1/users/me`, { extraInfo: { nested: { no: 1 } } }, visitorToken))).toBe('invalid_payload');
    expect(codeOf(await post(`${server.url}/v1/users/me`, { name: 'Not here' }, visitorToken))).toBe('invalid_payload');
  });
});

describe('visitor identity without an identity secret', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses any identity token with `forbidden`: there is nothing to verify it with', async () => {
    const answer = await postJson(`${server.url}/v1/users`, { identity: await mintIdentity({ sub: 'acme-1' }) });
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('forbidden');
  });

  it('will not start with the identity secret equal to the token secret', async () => {
    await expect(startTestServer({ identitySecret: sessionSecret })).rejects.toThrow(/identity secret must differ/);
  });
});
