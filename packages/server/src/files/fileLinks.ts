import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring download addresses (`/v1/files/:id?expires=…&signature=…`). Membership is checked
 * when a link is made; the link itself is the proof at download time, so it works where no bearer
 * header can be sent (an `<img src>`, a new tab). The key is derived from the token secret, so every
 * node of a deployment checks every other node's links, and a token signature is never a link's.
 */
export interface FileLinks {
  /** A path (relative to the server) valid until `expiresAt`. */
  sign(fileId: string, now?: Date): { path: string; expiresAt: string };
  /** Whether `signature` is this server's for the file and `expires` has not passed. */
  verify(fileId: string, expires: unknown, signature: unknown, now?: Date): boolean;
}

export function createFileLinks(secret: string, lifetimeSeconds: number): FileLinks {
  const key = createHmac('sha256', secret).update('parley file links v1').digest();
  const mac = (fileId: string, expires: number) => createHmac('sha256', key).update(`${fileId}\n${expires}`).digest('base64url');
  return {
    sign(fileId, now = new Date()) {
      const expires = Math.floor(now.getTime() / 1000) + lifetimeSeconds;
      const query = new URLSearchParams({ expires: String(expires), signature: mac(fileId, expires) });
      return { path: `/v1/files/${encodeURIComponent(fileId)}?${query}`, expiresAt: new Date(expires * 1000).toISOString() };
    },
    verify(fileId, expires, signature, now = new Date()) {
      if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof signature !== 'string') return false;
      if (Number(expires) * 1000 <= now.getTime()) return false;
      const expected = Buffer.from(mac(fileId, Number(expires)));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
