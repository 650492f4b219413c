import { createMemoryStorage } from '@parley/core';
import { describe, expect, it } from 'vitest';
import type { AgentSession } from './session';
import { clearSession, readSession, withStatus, writeSession } from './session';

const session: AgentSession = {
  server: 'http://localhost:3000',
  token: 'token',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: { id: 'agent1', role: 'agent', name: 'Ada Agent', status: 'online' },
};

describe('the agent session', () => {
  it('survives a write and a read for the same server', () => {
    const storage = createMemoryStorage();
    writeSession(storage, withStatus(session, 'away'));
    expect(readSession(storage, session.server)?.user.status).toBe('away');
    clearSession(storage);
    expect(readSession(storage, session.server)).toBeUndefined();
  });

  it('is ignored for another server, after it expired, or when it is not a session', () => {
    const storage = createMemoryStorage();
    writeSession(storage, session);
    expect(readSession(storage, 'http://elsewhere')).toBeUndefined();
    expect(readSession(storage, session.server, Date.parse('2031-01-01'))).toBeUndefined();
    storage.setItem('parley:console:session', '{"server":"http://localhost:3000","token":1}');
    expect(readSession(storage, session.server)).toBeUndefined();
    storage.setItem('parley:console:session', 'not json');
    expect(readSession(storage, session.server)).toBeUndefined();
  });

  it('works without storage', () => {
    writeSession(undefined, session);
    expect(readSession(undefined, session.server)).toBeUndefined();
  });
});
