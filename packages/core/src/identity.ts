import type { User, UserRole } from '@parley/protocol';

/**
 * Who a session token belongs to, read from its JWT claims (PROTOCOL.md §1: `sub`, `role`, `name`).
 * Not a verification: the server verifies; the client only needs the id to fill `userId` fields.
 */
export function userFromToken(token: string): User | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { sub, role, name } = claims as Record<string, unknown>;
    if (typeof sub !== 'string' || !isRole(role)) return undefined;
    return { id: sub, role, name: typeof name === 'string' ? name : sub };
  } catch {
    return undefined;
  }
}

function isRole(value: unknown): value is UserRole {
  return value === 'user' || value === 'agent';
}
