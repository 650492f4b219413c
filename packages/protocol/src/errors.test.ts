/** The error class, its wire form and the ack envelope (PROTOCOL.md §2). */
import { describe, expect, it } from 'vitest';
import {
  ackError,
  ackOk,
  clientErrorCodes,
  isLimitCode,
  isParleyError,
  isServerErrorCode,
  ParleyError,
  limitCodes,
  serverErrorCodes,
} from './index';
import type { ErrorPayload } from './index';

describe('error codes', () => {
  it('are exactly the codes PROTOCOL.md §2 lists, plus the two client-only ones', () => {
    expect(serverErrorCodes).toEqual([
      'invalid_payload',
      'unauthorized',
      'forbidden',
      'not_found',
      'conflict',
      'closed',
      'rate_limited',
      'payload_too_large',
      'no_agents',
      'internal',
      'unavailable',
    ]);
    expect(clientErrorCodes).toEqual(['timeout', 'disconnected']);
  });

  it('isServerErrorCode accepts every server code', () => {
    for (const code of serverErrorCodes) expect(isServerErrorCode(code)).toBe(true);
  });

  it.each([...clientErrorCodes, 'INTERNAL', 'not found', '', 'toString', 404, null, undefined, { code: 'internal' }])(
    'isServerErrorCode refuses %j',
    (value) => {
      expect(isServerErrorCode(value)).toBe(false);
    },
  );
});

describe('ParleyError', () => {
  it('is an Error with a name, a code, a message and details', () => {
    const error = new ParleyError('forbidden', 'userId must be you', { userId: 'u2' });

    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ParleyError);
    expect(error.name).toBe('ParleyError');
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('userId must be you');
    expect(error.details).toEqual({ userId: 'u2' });
    expect(String(error)).toBe('ParleyError: userId must be you');
    expect(error.stack).toMatch(/^ParleyError: userId must be you/);
  });

  it('has undefined details when none are given', () => {
    expect(new ParleyError('not_found', 'no such chat').details).toBeUndefined();
  });

  it('is recognised by isParleyError, unlike a look-alike', () => {
    expect(isParleyError(new ParleyError('closed', 'chat is closed'))).toBe(true);
    expect(isParleyError(new Error('closed'))).toBe(false);
    expect(isParleyError({ name: 'ParleyError', code: 'closed', message: 'chat is closed' })).toBe(false);
    expect(isParleyError(null)).toBe(false);
  });

  describe('toPayload()', () => {
    it.each(serverErrorCodes)('keeps server code %s', (code) => {
      expect(new ParleyError(code, 'why').toPayload()).toEqual({ code, message: 'why' });
    });

    it.each(clientErrorCodes)('maps client-only code %s to internal, keeping message and details', (code) => {
      const payload = new ParleyError(code, 'ack never came', { after: 5000 }).toPayload();
      expect(payload).toEqual({ code: 'internal', message: 'ack never came', details: { after: 5000 } });
    });

    it('omits the details key when there are none, so the JSON stays minimal', () => {
      const payload = new ParleyError('conflict', 'already open').toPayload();
      expect(payload).not.toHaveProperty('details');
      expect(JSON.stringify(payload)).toBe('{"code":"conflict","message":"already open"}');
    });
  });

  describe('fromPayload()', () => {
    it.each<ErrorPayload>([
      { code: 'rate_limited', message: 'slow down', details: { retryAfter: 2 } },
      { code: 'no_agents', message: 'nobody online' },
    ])('round-trips $code through the wire', (payload) => {
      const error = ParleyError.fromPayload(JSON.parse(JSON.stringify(payload)) as ErrorPayload);

      expect(error).toBeInstanceOf(ParleyError);
      expect(error.code).toBe(payload.code);
      expect(error.message).toBe(payload.message);
      expect(error.details).toEqual(payload.details);
      expect(error.toPayload()).toEqual(payload);
    });
  });
});

describe('ack envelope', () => {
  it('ackOk wraps data', () => {
    expect(ackOk({ chatId: 'c1', seq: 3 })).toEqual({ ok: true, data: { chatId: 'c1', seq: 3 } });
    expect(ackOk({})).toEqual({ ok: true, data: {} });
  });

  it('ackError wraps an error payload', () => {
    const error: ErrorPayload = { code: 'not_found', message: 'no chat c9', details: { chatId: 'c9' } };
    expect(ackError(error)).toEqual({ ok: false, error });
  });

  it('carries a client-side error to the wire as internal, and back', () => {
    const ack = JSON.parse(JSON.stringify(ackError(new ParleyError('timeout', 'late').toPayload()))) as unknown;
    expect(ack).toEqual({ ok: false, error: { code: 'internal', message: 'late' } });

    const received = ack as ReturnType<typeof ackError>;
    if (received.ok) throw new Error('expected an error envelope');
    expect(ParleyError.fromPayload(received.error).code).toBe('internal');
  });
});

describe('ParleyError.limit', () => {
  it('is the LimitCode of a limit’s refusal, typed, and undefined for anything else', () => {
    const refusal = ParleyError.limitRefusal('rate_limited', 'events_per_user', 'slow down', { max: 3 });
    expect(refusal.limit).toBe('events_per_user');
    expect(refusal.toPayload()).toEqual({ code: 'rate_limited', message: 'slow down', details: { max: 3, limit: 'events_per_user' } });
    expect(ParleyError.fromPayload(refusal.toPayload()).limit).toBe('events_per_user');
    expect(new ParleyError('rate_limited', 'x', { limit: 'made_up' }).limit).toBeUndefined();
    expect(new ParleyError('forbidden', 'x').limit).toBeUndefined();
  });

  it('lists each limit once', () => {
    expect(new Set(limitCodes).size).toBe(limitCodes.length);
    expect(limitCodes.every((code) => isLimitCode(code))).toBe(true);
    expect(isLimitCode('rate_limited')).toBe(false);
  });
});
