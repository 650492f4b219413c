import type { StorageAdapter } from '@parley/core';
import type { AgentStatus, User } from '@parley/protocol';

/** A signed-in agent, as kept across reloads of the tab. */
export interface AgentSession {
  /** The server the token was issued by: a token is worthless anywhere else. */
  server: string;
  token: string;
  expiresAt: string;
  /** As returned by the login; `status` is kept current, since a reload gets no push for it. */
  user: User;
}

const sessionKey = 'parley:console:session';

/** The saved session for this server, unless it expired or was written by something else. */
export function readSession(storage: StorageAdapter | undefined, server: string, now = Date.now()): AgentSession | undefined {
  let saved: unknown;
  try {
    const text = storage?.getItem(sessionKey);
    if (!text) return undefined;
    saved = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isSession(saved) || saved.server !== server) return undefined;
  const expires = Date.parse(saved.expiresAt);
  if (!Number.isNaN(expires) && expires <= now) return undefined;
  return saved;
}

export function writeSession(storage: StorageAdapter | undefined, session: AgentSession): void {
  try {
    storage?.setItem(sessionKey, JSON.stringify(session));
  } catch {
    // Full or refused: the agent stays signed in until the next reload, which is all we lose.
  }
}

export function clearSession(storage: StorageAdapter | undefined): void {
  try {
    storage?.removeItem(sessionKey);
  } catch {
    // Nothing stored, or nothing we may touch.
  }
}

/** The same session with the agent's latest status. */
export function withStatus(session: AgentSession, status: AgentStatus): AgentSession {
  return { ...session, user: { ...session.user, status } };
}

function isSession(value: unknown): value is AgentSession {
  if (!isRecord(value) || !isRecord(value.user)) return false;
  const { server, token, expiresAt, user } = value;
  return (
    typeof server === 'string' &&
    typeof token === 'string' &&
    typeof expiresAt === 'string' &&
    typeof user.id === 'string' &&
    typeof user.name === 'string' &&
    user.role === 'agent'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
