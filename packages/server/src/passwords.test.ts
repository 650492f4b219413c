import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

describe('hashPassword / verifyPassword', () => {
  it('stores scrypt$<salt>$<hash>, never the password itself', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(stored).not.toContain('correct horse');
  });

  it('salts: two hashes of one password differ, and both verify', async () => {
    const first = await hashPassword('same password');
    const second = await hashPassword('same password');
    expect(first).not.toBe(second);
    expect(first.split('$')[1]).not.toBe(second.split('$')[1]);
    expect(await verifyPassword('same password', first)).toBe(true);
    expect(await verifyPassword('same password', second)).toBe(true);
  });

  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('demo');
    expect(await verifyPassword('demo', stored)).toBe(true);
    expect(await verifyPassword('Demo', stored)).toBe(false);
    expect(await verifyPassword('demo ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('handles empty and non-ASCII passwords', async () => {
    const empty = await hashPassword('');
    expect(await verifyPassword('', empty)).toBe(true);
    expect(await verifyPassword(' ', empty)).toBe(false);
    const unicode = await hashPassword('pässwörd 🔑');
    expect(await verifyPassword('pässwörd 🔑', unicode)).toBe(true);
    expect(await verifyPassword('passwörd 🔑', unicode)).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'demo'],
    ['another scheme', 'bcrypt$00$00'],
    ['a missing hash', 'scrypt$00112233445566778899aabbccddeeff'],
    ['an empty salt', 'scrypt$$00112233'],
    ['an empty hash', 'scrypt$00112233$'],
    ['a hash that is not hex', 'scrypt$00112233445566778899aabbccddeeff$zz'],
    ['a hash of the wrong length', 'scrypt$00112233445566778899aabbccddeeff$0011'],
    ['a one-byte hash', 'scrypt$00112233445566778899aabbccddeeff$00'],
    ['an odd number of hex digits', `scrypt$00112233445566778899aabbccddeeff$${'0'.repeat(63)}`],
    ['a salt that is not hex', `scrypt$not-hex$${'0'.repeat(64)}`],
  ])('answers false, without throwing, for a malformed stored hash: %s', async (_label, stored) => {
    await expect(verifyPassword('demo', stored)).resolves.toBe(false);
  });

  it('answers false for every password when the stored hash has bad hex digits', async () => {
    // Hex decoding drops bad digits: these once decoded to an empty hash that any password matched.
    for (const stored of ['scrypt$00$zz', 'scrypt$0011$zz', `scrypt$zz$zz`]) {
      expect(await verifyPassword('anything', stored)).toBe(false);
      expect(await verifyPassword('', stored)).toBe(false);
    }
  });

  it('answers false when the stored hash was tampered with', async () => {
    const stored = await hashPassword('demo');
    const last = stored.at(-1) === '0' ? '1' : '0';
    expect(await verifyPassword('demo', stored.slice(0, -1) + last)).toBe(false);
    const [scheme, salt, hash] = stored.split('$') as [string, string, string];
    const otherSalt = salt.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(await verifyPassword('demo', `${scheme}$${otherSalt}$${hash}`)).toBe(false);
  });
});
