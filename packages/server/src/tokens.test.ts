import { describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { ParleyError } from '@parley/protocol';
import { createTokenService, sessionLifetimeSeconds } from './tokens';

const secret = 'unit-test-secret-unit-test-secret';
const key = new TextEncoder().encode(secret);
const tokens = createTokenService(secret);

/** The error code `verify` refuses with; fails the test if it accepts. */
async function refusalCode(token: unknown): Promise<string> {
  try {
    const claims = await tokens.verify(token);
    throw new Error(`verify accepted the token: ${JSON.stringify(claims)}`);
  } catch (error) {
    if (error instanceof ParleyError) return error.code;
    throw error;
  }
}

/** A token signed with the server's secret, shaped as the caller likes. */
function hostToken(claims: Record<string, unknown>, subject?: string, alg = 'HS256'): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime('2h');
  if (subject !== undefined) jwt.setSubject(subject);
  return jwt.sign(key);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('createTokenService', () => {
  it('round-trips sub, role and name', async () => {
    const visitor = await tokens.issue({ sub: 'visitor-1', role: 'user', name: 'Vera' });
    expect(await tokens.verify(visitor.token)).toEqual({
      sub: 'visitor-1',
      role: 'user',
      name: 'Vera',
      exp: Date.parse(visitor.expiresAt) / 1000,
      jti: expect.any(String),
    });
    const agent = await tokens.issue({ sub: 'agent1', role: 'agent', name: 'Ada Agent' });
    expect(await tokens.verify(agent.token)).toMatchObject({ sub: 'agent1', role: 'agent', name: 'Ada Agent' });
  });

  it('signs HS256 JWTs whose exp matches expiresAt', async () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0);
    const { token, expiresAt } = await tokens.issue({ sub: 'v', role: 'user', name: 'V' }, now);
    expect(decodePart(token, 0)).toMatchObject({ alg: 'HS256' });
    const payload = decodePart(token, 1);
    expect(payload).toMatchObject({ sub: 'v', role: 'user', name: 'V', iat: now / 1000 });
    expect(new Date(expiresAt).getTime()).toBe((payload.exp as number) * 1000);
  });

  it('gives visitors 30 days and agents 12 hours', async () => {
    const now = Date.UTC(2030, 5, 15, 8, 30, 0);
    const visitor = await tokens.issue({ sub: 'v', role: 'user', name: 'V' }, now);
    const agent = await tokens.issue({ sub: 'a', role: 'agent', name: 'A' }, now);
    expect(visitor.expiresAt).toBe(new Date(now + 30 * 24 * 3600 * 1000).toISOString());
    expect(agent.expiresAt).toBe(new Date(now + 12 * 3600 * 1000).toISOString());
    expect(sessionLifetimeSeconds).toEqual({ user: 30 * 24 * 3600, agent: 12 * 3600 });
  });

  it('issues tokens that are still valid just before they expire', async () => {
    // Issued 12 hours less a minute ago: an agent's token has a minute left.
    const { token } = await tokens.issue({ sub: 'a', role: 'agent', name: 'A' }, Date.now() - (12 * 3600 - 60) * 1000);
    expect((await tokens.verify(token)).sub).toBe('a');
  });

  it('refuses an expired token', async () => {
    const { token } = await tokens.issue({ sub: 'a', role: 'agent', name: 'A' }, Date.now() - (12 * 3600 + 60) * 1000);
    expect(await refusalCode(token)).toBe('unauthorized');
    const old = await tokens.issue({ sub: 'v', role: 'user', name: 'V' }, Date.now() - 31 * 24 * 3600 * 1000);
    expect(await refusalCode(old.token)).toBe('unauthorized');
  });

  it('refuses a token signed with another secret', async () => {
    const other = createTokenService('another-secret-another-secret-xx');
    const { token } = await other.issue({ sub: 'v', role: 'user', name: 'V' });
    expect(await refusalCode(token)).toBe('unauthorized');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const token = new UnsecuredJWT({ role: 'agent', name: 'Mallory' }).setSubject('agent1').setIssuedAt().setExpirationTime('2h').encode();
    expect(decodePart(token, 0)).toMatchObject({ alg: 'none' });
    expect(await refusalCode(token)).toBe('unauthorized');
    // The same with the signature of a real token pasted on.
    const real = await tokens.issue({ sub: 'agent1', role: 'agent', name: 'Ada' });
    expect(await refusalCode(`${token.slice(0, -1)}${real.token.split('.')[2]}`)).toBe('unauthorized');
  });

  it('refuses HS512 even with the right secret: only HS256 is accepted', async () => {
    expect(await refusalCode(await hostToken({ role: 'user', name: 'H' }, 'h', 'HS512'))).toBe('unauthorized');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const { token } = await tokens.issue({ sub: 'visitor-1', role: 'user', name: 'Vera' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decodePart(token, 1);
    const promoted = base64url({ ...claims, role: 'agent' });
    expect(await refusalCode(`${header}.${promoted}.${signature}`)).toBe('unauthorized');
    const impersonating = base64url({ ...claims, sub: 'agent1' });
    expect(await refusalCode(`${header}.${impersonating}.${signature}`)).toBe('unauthorized');
    // The untouched token still passes, so the refusals above are about the change.
    expect((await tokens.verify(`${header}.${payload}.${signature}`)).sub).toBe('visitor-1');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { token: 'x' }],
    ['an array', ['a.b.c']],
    ['an empty string', ''],
    ['garbage', 'not-a-jwt'],
    ['three empty segments', '..'],
  ])('refuses %s', async (_label, token) => {
    expect(await refusalCode(token)).toBe('unauthorized');
  });

  it('refuses a huge string without parsing it', async () => {
    expect(await refusalCode('a'.repeat(1_000_000))).toBe('unauthorized');
    // Even a correctly signed token, once it is past the size limit.
    const signed = await hostToken({ role: 'user', name: 'n'.repeat(5000) }, 'big');
    expect(await refusalCode(signed)).toBe('unauthorized');
  });

  it('refuses a token without a sub, or with an empty or overlong one', async () => {
    expect(await refusalCode(await hostToken({ role: 'user', name: 'H' }))).toBe('unauthorized');
    expect(await refusalCode(await hostToken({ role: 'user', name: 'H', sub: '' }))).toBe('unauthorized');
    expect(await refusalCode(await hostToken({ role: 'user', name: 'H' }, 's'.repeat(129)))).toBe('unauthorized');
  });

  it.each([
    ['admin', 'admin'],
    ['missing', undefined],
    ['a number', 1],
    ['upper case', 'AGENT'],
  ])('refuses a role that is %s', async (_label, role) => {
    expect(await refusalCode(await hostToken({ role, name: 'H' }, 'h'))).toBe('unauthorized');
  });

  it('throws nothing but ParleyError unauthorized, with no detail of why', async () => {
    const error = await tokens.verify('x.y.z').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).toPayload()).toEqual({ code: 'unauthorized', message: expect.any(String) });
  });

  it('accepts an HS256 JWT a host app minted with jose and the same secret', async () => {
    const token = await new SignJWT({ role: 'user', name: 'Host Customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('host-customer-42')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    expect(await tokens.verify(token)).toMatchObject({ sub: 'host-customer-42', role: 'user', name: 'Host Customer' });
    const agentToken = await hostToken({ role: 'agent', name: 'Host Agent' }, 'host-agent-7');
    expect(await tokens.verify(agentToken)).toMatchObject({ sub: 'host-agent-7', role: 'agent', name: 'Host Agent' });
  });

  it('refuses a token without exp by default; accepts it only when configured to (issue 13)', async () => {
    const token = await new SignJWT({ role: 'user', name: 'Minimal' }).setProtectedHeader({ alg: 'HS256' }).setSubject('minimal').sign(key);
    expect(await refusalCode(token)).toBe('unauthorized');
    const lenient = createTokenService({ secret, allowTokensWithoutExp: true });
    expect(await lenient.verify(token)).toEqual({ sub: 'minimal', role: 'user', name: 'Minimal' });
  });

  it('refuses secrets shorter than 32 bytes, naming where to put a longer one', () => {
    expect(() => createTokenService('short')).toThrow(/at least 32.*--secret-file/);
    expect(() => createTokenService({ secret, previousSecrets: ['x'.repeat(31)] })).toThrow(/previous secret 1/);
  });

  it('rotates: tokens signed with the previous secret stay valid during the grace period; new ones use the new secret', async () => {
    const old = createTokenService('old-secret-old-secret-old-secret-0');
    const oldToken = (await old.issue({ sub: 'v', role: 'user', name: 'V' })).token;
    const rotated = createTokenService({ secret: 'new-secret-new-secret-new-secret-0', previousSecrets: ['old-secret-old-secret-old-secret-0'] });
    expect(await rotated.verify(oldToken)).toMatchObject({ sub: 'v' });
    const fresh = (await rotated.issue({ sub: 'w', role: 'user', name: 'W' })).token;
    await expect(old.verify(fresh)).rejects.toMatchObject({ code: 'unauthorized' });
    const after = createTokenService('new-secret-new-secret-new-secret-0');
    await expect(after.verify(oldToken)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('names a host-minted user after its sub when the name is missing, empty or not text, and caps long names', async () => {
    expect((await tokens.verify(await hostToken({ role: 'user' }, 'host-1'))).name).toBe('host-1');
    expect((await tokens.verify(await hostToken({ role: 'user', name: '' }, 'host-2'))).name).toBe('host-2');
    expect((await tokens.verify(await hostToken({ role: 'user', name: 7 }, 'host-3'))).name).toBe('host-3');
    expect((await tokens.verify(await hostToken({ role: 'user', name: 'n'.repeat(300) }, 'host-4'))).name).toBe('n'.repeat(200));
  });
});
