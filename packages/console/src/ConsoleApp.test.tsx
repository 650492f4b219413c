import { createClient, createMemoryStorage, ParleyError } from '@parley/core';
import type { Transport, TransportListeners } from '@parley/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConsoleApp } from './ConsoleApp';
import { openDesk } from './deskLink';
import type { AgentSession } from './session';
import { readSession, writeSession } from './session';

const session: AgentSession = {
  server: 'http://parley.test',
  token: 'expired',
  expiresAt: '2099-01-01T00:00:00.000Z',
  user: { id: 'ada', role: 'agent', name: 'Ada', status: 'online' },
};

/** A link the server refuses for good, as the socket transport reports a bad token. */
function refusedTransport(): Transport {
  let listeners: TransportListeners | undefined;
  let state: Transport['state'] = { status: 'idle' };
  return {
    get state() {
      return state;
    },
    emit: () => Promise.reject(new ParleyError('disconnected', 'not connected')),
    listen(next) {
      listeners = next;
      return () => undefined;
    },
    connect() {
      // Refused after the round trip, like a `connect_error`.
      setTimeout(() => {
        state = { status: 'disconnected', error: new ParleyError('unauthorized', 'jwt expired') };
        listeners?.state(state);
      }, 10);
    },
    disconnect() {
      state = { status: 'disconnected' };
    },
  };
}

describe('ConsoleApp', () => {
  it('goes back to the login, saying why, when the server refuses the saved token', async () => {
    const storage = createMemoryStorage();
    writeSession(storage, session);
    const connect = (saved: AgentSession) => createClient({ transport: refusedTransport(), user: saved.user, storage: false });
    render(<ConsoleApp server={session.server} storage={storage} connect={connect} initialDesk={openDesk(session, connect)} />);
    expect(await screen.findByText('Your session has ended. Log in again.')).toBeTruthy();
    expect(screen.getByLabelText('Username')).toBeTruthy();
    expect(readSession(storage, session.server)).toBeUndefined();
  });
});
