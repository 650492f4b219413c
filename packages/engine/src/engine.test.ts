import { describe, expect, it } from 'vitest';
import { createChatEngine } from './engine';
import { createMemoryStore } from './memoryStore';
import type { Store } from './store';

/**
 * The engine's own error boundary. `unauthorized` and `rate_limited` belong to the transport (the
 * handshake and the token bucket) and are tested with the server.
 */
describe('ChatEngine error boundary', () => {
  it('answers an unexpected failure with `internal`, reports it to onError, and leaks no detail', async () => {
    const failure = new Error('disk on fire: /var/lib/secret-path');
    const memory = createMemoryStore();
    const broken: Store = {
      transaction: () => Promise.reject(failure),
      appendMessageIfMember: () => Promise.reject(failure),
      close: () => memory.close(),
    };
    const reported: unknown[] = [];
    const engine = createChatEngine({ store: broken, onError: (error) => reported.push(error) });
    const outcome = await engine.handle({ id: 'u1', role: 'user' }, 'chats:create', { room: 'support', source: 'web', creator: 'u1' });
    expect(outcome).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' }, events: [] });
    expect(reported).toEqual([failure]);
  });

  it('refuses an unknown event and a bad payload before touching the store', async () => {
    let transactions = 0;
    const memory = createMemoryStore();
    const counting: Store = {
      transaction: (work) => {
        transactions++;
        return memory.transaction(work);
      },
      appendMessageIfMember: (draft) => {
        transactions++;
        return memory.appendMessageIfMember(draft);
      },
      close: () => memory.close(),
    };
    const engine = createChatEngine({ store: counting });
    expect(await engine.handle({ id: 'u1', role: 'user' }, 'chats:delete', {})).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await engine.handle({ id: 'u1', role: 'user' }, 'chats:create', { room: 7 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(transactions).toBe(0);
  });
});
