import { describe, expect, it } from 'vitest';
import { userFromToken } from './identity';

function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

describe('userFromToken', () => {
  it('reads sub, role and name from the claims (unicode names too)', () => {
    expect(userFromToken(jwt({ sub: 'u1', role: 'user', name: 'Zoë 🎈' }))).toEqual({ id: 'u1', role: 'user', name: 'Zoë 🎈' });
    expect(userFromToken(jwt({ sub: 'ana', role: 'agent' }))).toEqual({ id: 'ana', role: 'agent', name: 'ana' });
  });

  it('returns undefined for anything that is not a usable token', () => {
    expect(userFromToken('garbage')).toBeUndefined();
    expect(userFromToken('a.b.c')).toBeUndefined();
    expect(userFromToken(jwt({ sub: 'x', role: 'admin' }))).toBeUndefined();
  });
});
