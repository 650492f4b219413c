const host = globalThis as unknown as { crypto?: { randomUUID?: () => string } };

/** A random UUID from the platform's Web Crypto (Node ≥ 19 and every current browser). */
export function randomId(): string {
  const randomUUID = host.crypto?.randomUUID;
  if (!randomUUID) throw new Error('crypto.randomUUID is unavailable: pass createId to createChatEngine');
  return randomUUID.call(host.crypto);
}
