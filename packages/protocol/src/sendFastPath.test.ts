import { describe, expect, it } from 'vitest';
import { limits } from './limits';
import { clientPayloadSchemas } from './schemas';
import { fastTextSend } from './sendFastPath';
import { parseClientPayload } from './validate';

const valid = { chatId: 'c1', clientId: 'k1', type: 'text', message: 'hello' };

/** Payloads around the schema's every rule: each is judged by the fast path and by the schema. */
const cases: unknown[] = [
  valid,
  { ...valid, message: 'émoji 😀 and a pair \ud83d\ude00' },
  { ...valid, message: 'x'.repeat(limits.messageLength) },
  { ...valid, message: 'x'.repeat(limits.messageLength + 1) },
  { ...valid, message: '   ' },
  { ...valid, message: '' },
  { ...valid, message: 'nul \u0000 inside' },
  { ...valid, message: 'lone \ud800 surrogate' },
  { ...valid, message: 42 },
  { ...valid, chatId: '' },
  { ...valid, chatId: 'c'.repeat(limits.idLength) },
  { ...valid, chatId: 'c'.repeat(limits.idLength + 1) },
  { ...valid, clientId: 'k\u0000' },
  { ...valid, clientId: '\udc00' },
  { ...valid, clientId: undefined },
  { ...valid, extra: true },
  { chatId: 'c1', clientId: 'k1', type: 'text' },
  { ...valid, type: 'file' },
  { chatId: 'c1', clientId: 'k1', type: 'file', fileId: 'f1' },
  { ...valid, type: 'html' },
  JSON.parse('{"chatId":"c1","clientId":"k1","type":"text","message":"hi","__proto__":{"x":1}}'),
  Object.assign(Object.create({ inherited: 1 }), valid),
  Object.assign(Object.create(null), valid),
  { ...valid, [Symbol('s')]: 1 },
  [valid],
  'text',
  null,
  undefined,
];

describe('the messages:send fast path', () => {
  it('returns exactly what the schema returns, or leaves the payload to the schema', () => {
    for (const payload of cases) {
      const fast = fastTextSend(payload);
      const schema = clientPayloadSchemas['messages:send'].safeParse(payload ?? {});
      if (fast !== undefined) {
        expect(schema.success, JSON.stringify(payload)).toBe(true);
        expect(fast).toStrictEqual(schema.data);
      }
    }
  });

  it('takes the common text message (and leaves file messages to the schema)', () => {
    expect(fastTextSend(valid)).toStrictEqual(valid);
    expect(fastTextSend({ ...valid, message: 'x'.repeat(limits.messageLength) })).toBeDefined();
    expect(fastTextSend({ chatId: 'c1', clientId: 'k1', type: 'file', fileId: 'f1' })).toBeUndefined();
  });

  it('leaves the refusals and their wording to the schema', () => {
    expect(() => parseClientPayload('messages:send', { ...valid, extra: true })).toThrow(/messages:send: .*extra/);
    expect(() => parseClientPayload('messages:send', { ...valid, message: '   ' })).toThrow('messages:send: message: must not be blank');
  });
});
