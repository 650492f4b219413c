import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;
const hexPattern = /^(?:[0-9a-f]{2})+$/i;

/** `scrypt$<salt hex>$<hash hex>`: self-describing, so the parameters can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** Constant-time comparison, so the time taken says nothing about how close a guess was. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  // Buffer.from(…, 'hex') silently drops bad digits: a stored hash like `scrypt$00$zz` decoded to zero
  // bytes, and two empty buffers compare equal, so any password matched it (passwords.test.ts).
  if (!hexPattern.test(saltHex) || !hexPattern.test(hashHex) || hashHex.length !== KEY_LENGTH * 2) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = await scryptAsync(password, Buffer.from(saltHex, 'hex'), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
