import { describe, expect, it } from 'vitest';
import { errorFromBody } from './errors';

describe('errorFromBody', () => {
  it('exposes a limit’s own code as the typed `limit` (a refused handshake’s data, a REST error body)', () => {
    const handshake = errorFromBody(
      { code: 'rate_limited', message: 'at most 20 connections per user', details: { limit: 'sockets_per_user', max: 20 } },
      'disconnected',
      'refused',
    );
    expect(handshake.code).toBe('rate_limited');
    expect(handshake.limit).toBe('sockets_per_user');
    const rest = errorFromBody({ error: { code: 'rate_limited', message: 'wait', details: { limit: 'login_attempts', retryAfterMs: 1000 } } }, 'internal', 'x');
    expect(rest.limit).toBe('login_attempts');
    expect(errorFromBody({ code: 'unauthorized', message: 'no' }, 'internal', 'x').limit).toBeUndefined();
  });
});
