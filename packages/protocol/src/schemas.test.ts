/**
 * The rules particular to each schema: bounds, enums, transforms and cross-field refinements
 * (PROTOCOL.md §3–4), plus the REST bodies of §1. What every event shares — required fields,
 * unknown keys, the error's shape — is covered once in `validate.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import {
  agentLoginSchema,
  clientPayloadSchemas,
  fileNameSchema,
  historyEntrySchema,
  limits,
  ParleyError,
  parseClientPayload,
  visitorSignupSchema,
} from './index';
import type { ClientEventName, ParleyErrorCode } from './index';

/** The code `parseClientPayload` refuses with, or `null` when it accepts. */
function codeOf(event: ClientEventName, payload: unknown): ParleyErrorCode | null {
  try {
    parseClientPayload(event, payload);
    return null;
  } catch (error) {
    if (error instanceof ParleyError) return error.code;
    throw error;
  }
}

function messageOf(event: ClientEventName, payload: unknown): string {
  try {
    parseClientPayload(event, payload);
  } catch (error) {
    if (error instanceof ParleyError) return error.message;
    throw error;
  }
  throw new Error(`${event} accepted ${JSON.stringify(payload)}`);
}

describe('chats:create', () => {
  const create = { room: 'sales', source: 'web', creator: 'u1' };

  it.each([
    ['a numeric source id', 3, '3'],
    ['source id 0', 0, '0'],
    ['a named source', 'web', 'web'],
  ])('turns %s into a string', (_label, source, expected) => {
    expect(parseClientPayload('chats:create', { ...create, source }).source).toBe(expected);
  });

  it('leaves lang out when the client does', () => {
    expect(parseClientPayload('chats:create', create)).toEqual(create);
  });

  it.each([
    ['a negative source', { source: -1 }],
    ['a fractional source', { source: 1.5 }],
    ['a source longer than limits.nameLength', { source: 's'.repeat(limits.nameLength + 1) }],
    ['a room longer than limits.nameLength', { room: 'r'.repeat(limits.nameLength + 1) }],
    ['a one-letter lang', { lang: 'e' }],
    ['a lang longer than a BCP 47 tag', { lang: 'x'.repeat(36) }],
    // How a chat began is the server's word (Chat.origin): a visitor cannot claim it.
    ['an origin (set by the server only)', { origin: 'offline-message' }],
  ])('refuses %s', (_label, change) => {
    expect(codeOf('chats:create', { ...create, ...change })).toBe('invalid_payload');
  });

  it('accepts a room of exactly limits.nameLength characters', () => {
    expect(codeOf('chats:create', { ...create, room: 'r'.repeat(limits.nameLength) })).toBeNull();
  });
});

describe('chats:assign', () => {
  it.each(['least-busy', 'round-robin', 'random'])('accepts algorithm %s', (algorithm) => {
    expect(codeOf('chats:assign', { chatId: 'c1', algorithm })).toBeNull();
  });

  it.each([
    ['an unknown algorithm', { algorithm: 'fastest' }],
    ['a fractional maxAttempts', { maxAttempts: 1.5 }],
    ['a maxAttempts that is not a number', { maxAttempts: '3' }],
    ['an infinite interval', { interval: Number.POSITIVE_INFINITY }],
    ['an interval that is not a number', { interval: '30' }],
  ])('refuses %s', (_label, change) => {
    expect(codeOf('chats:assign', { chatId: 'c1', ...change })).toBe('invalid_payload');
  });

  it('accepts the bounds themselves and fractional seconds', () => {
    const payload = { chatId: 'c1', maxAttempts: limits.maxAttempts, interval: 0.5 };
    expect(parseClientPayload('chats:assign', payload)).toEqual(payload);
    expect(codeOf('chats:assign', { chatId: 'c1', maxAttempts: 1, interval: limits.maxOfferSeconds })).toBeNull();
  });
});

describe('users:activity and agents:status', () => {
  it.each(['writing', 'stop-writing', 'not-writing'])('users:activity accepts type %s', (type) => {
    expect(codeOf('users:activity', { chatId: 'c1', userId: 'u1', type })).toBeNull();
  });

  it.each(['typing', 'Writing', 'idle'])('users:activity refuses type %s', (type) => {
    expect(messageOf('users:activity', { chatId: 'c1', userId: 'u1', type })).toMatch(/^users:activity: type: /);
  });

  it.each(['online', 'away', 'offline'])('agents:status accepts %s', (status) => {
    expect(parseClientPayload('agents:status', { status })).toEqual({ status });
  });

  it.each(['busy', 'ONLINE'])('agents:status refuses %s', (status) => {
    expect(codeOf('agents:status', { status })).toBe('invalid_payload');
  });
});

describe('user:focus', () => {
  it.each([
    ['no payload at all (the seed sends none)', undefined, {}],
    ['null', null, {}],
    ['an empty object', {}, {}],
    ['a chatId', { chatId: 'c1' }, { chatId: 'c1' }],
  ])('accepts %s', (_label, payload, command) => {
    expect(parseClientPayload('user:focus', payload)).toEqual(command);
  });

  it('still refuses unknown keys and an empty chatId', () => {
    expect(codeOf('user:focus', { focused: true })).toBe('invalid_payload');
    expect(messageOf('user:focus', { chatId: '' })).toBe('user:focus: chatId: must not be empty');
  });
});

describe('chats:get fields', () => {
  it.each([
    ['users, history', ['users', 'history']],
    ['users,watchers,history', ['users', 'watchers', 'history']],
    ['users,reads', ['users', 'reads']],
    [' watchers ', ['watchers']],
    ['users,,users, ', ['users']],
    ['', []],
  ])('reads %j as %j', (fields, expected) => {
    expect(parseClientPayload('chats:get', { chatId: 'c1', fields }).fields).toEqual(expected);
  });

  it('leaves fields out when the client does', () => {
    expect(parseClientPayload('chats:get', { chatId: 'c1' })).toEqual({ chatId: 'c1' });
  });

  it('refuses an unknown field, naming it and the allowed ones', () => {
    expect(messageOf('chats:get', { chatId: 'c1', fields: 'users,bogus' })).toBe(
      'chats:get: fields: unknown field "bogus"; expected a combination of users,watchers,history,reads,presence',
    );
  });

  it.each([
    ['a list instead of a comma-separated string', ['users']],
    ['a case variant', 'Users'],
    ['a string too long to be a combination', 'users,'.repeat(20)],
  ])('refuses %s', (_label, fields) => {
    expect(codeOf('chats:get', { chatId: 'c1', fields })).toBe('invalid_payload');
  });
});

describe('messages:send', () => {
  const send = { chatId: 'c1', clientId: 'k1', type: 'text' };

  it('accepts a message of exactly limits.messageLength characters, untouched', () => {
    const message = `  ${'a'.repeat(limits.messageLength - 4)}  `;
    expect(parseClientPayload('messages:send', { ...send, message }).message).toBe(message);
  });

  it.each([
    ['longer than limits.messageLength', 'a'.repeat(limits.messageLength + 1), 'payload_too_large'],
    ['blank', '   ', 'invalid_payload'],
    ['blank with newlines and tabs', '\n\t \n', 'invalid_payload'],
    ['empty', '', 'invalid_payload'],
  ])('refuses a message %s with %s', (_label, message, code) => {
    expect(codeOf('messages:send', { ...send, message })).toBe(code);
  });

  it.each(['html', 'system', 'markdown'])('refuses type %s: clients send text and files only', (type) => {
    expect(messageOf('messages:send', { ...send, type, message: 'hi' })).toBe(
      "messages:send: type: Invalid discriminator value. Expected 'text' | 'file'",
    );
  });

  it('takes a file by its upload id, with an optional caption (empty when absent)', () => {
    const file = { chatId: 'c1', clientId: 'k2', type: 'file', fileId: 'f1' };
    expect(clientPayloadSchemas['messages:send'].parse(file)).toEqual({ ...file, message: '' });
    expect(clientPayloadSchemas['messages:send'].parse({ ...file, message: 'look' })).toEqual({ ...file, message: 'look' });
    expect(messageOf('messages:send', { ...file, fileId: '' })).toContain('fileId');
    // The attachment's name, type and size come from the server's record, never from the sender.
    expect(messageOf('messages:send', { ...file, file: { id: 'f1', name: 'x.png', mimeType: 'image/png', size: 1 } })).toContain('file');
    expect(messageOf('messages:send', { ...file, message: 'x'.repeat(4001) })).toContain('message');
  });

  it('refuses file names that are empty, too long or hold control characters', () => {
    expect(fileNameSchema.parse(' shot.png ')).toBe('shot.png');
    for (const bad of ['', '   ', 'a'.repeat(256), 'line\nbreak.txt', 'bell\u0007.png', 'nul\u0000.png']) {
      expect(fileNameSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('messages:list', () => {
  it('accepts seq 0 and a page of exactly limits.listPageSize', () => {
    const payload = { chatId: 'c1', afterSeq: 0, limit: limits.listPageSize };
    expect(parseClientPayload('messages:list', payload)).toEqual(payload);
  });

  it.each([
    ['a negative afterSeq', { afterSeq: -1 }],
    ['a fractional beforeSeq', { beforeSeq: 2.5 }],
    ['a numeric string seq', { afterSeq: '3' }],
    ['limit 0', { limit: 0 }],
    ['a limit above limits.listPageSize', { limit: limits.listPageSize + 1 }],
  ])('refuses %s', (_label, change) => {
    expect(codeOf('messages:list', { chatId: 'c1', ...change })).toBe('invalid_payload');
  });
});

describe('history:import', () => {
  const text = { created: 1_700_000_000, type: 'text', message: 'Hello', sender: 'u1' };
  const object = { created: 1_700_000_000, type: 'object', message: '{"card":{"title":"Pricing"}}', sender: 'assistant' };

  it.each(['u1', 'assistant', 'system'])('accepts sender %s', (sender) => {
    expect(historyEntrySchema.safeParse({ ...text, sender }).success).toBe(true);
  });

  it.each(['{"a":1}', '[1,2]', '"just a string"', 'null'])('accepts an object entry carrying JSON %s', (message) => {
    expect(historyEntrySchema.safeParse({ ...object, message }).success).toBe(true);
  });

  it('does not require JSON from a text entry', () => {
    expect(historyEntrySchema.safeParse({ ...text, message: '{not json' }).success).toBe(true);
  });

  it('refuses an object entry whose message is not JSON, at the entry message path', () => {
    const history = [text, { ...object, message: 'card: pricing' }];
    expect(messageOf('history:import', { chatId: 'c1', history })).toBe(
      'history:import: history.1.message: an object entry must carry JSON text',
    );
    expect(codeOf('history:import', { chatId: 'c1', history })).toBe('invalid_payload');
  });

  it.each([
    ['a negative created', { created: -1 }],
    ['a fractional created', { created: 1_700_000_000.5 }],
    ['an ISO created', { created: '2024-01-01T00:00:00Z' }],
    ['type html', { type: 'html' }],
    ['an empty sender', { sender: '' }],
  ])('refuses an entry with %s', (_label, change) => {
    expect(codeOf('history:import', { chatId: 'c1', history: [{ ...text, ...change }] })).toBe('invalid_payload');
  });

  it('accepts exactly limits.historyEntries entries, and an empty history', () => {
    const history = Array.from({ length: limits.historyEntries }, () => text);
    expect(parseClientPayload('history:import', { chatId: 'c1', history }).history).toHaveLength(limits.historyEntries);
    expect(parseClientPayload('history:import', { chatId: 'c1', history: [] }).history).toEqual([]);
  });

  it('sizes: one entry too many or one entry too long is payload_too_large', () => {
    const tooMany = Array.from({ length: limits.historyEntries + 1 }, () => text);
    const tooLong = [{ ...text, message: 'a'.repeat(limits.historyEntryLength + 1) }];
    expect(codeOf('history:import', { chatId: 'c1', history: tooMany })).toBe('payload_too_large');
    expect(codeOf('history:import', { chatId: 'c1', history: tooLong })).toBe('payload_too_large');
  });
});

describe('chats:transfer', () => {
  it.each([
    ['a room', { room: 'billing' }],
    ['an agent', { agentId: 'a2' }],
    ['both', { room: 'billing', agentId: 'a2' }],
  ])('accepts a transfer to %s', (_label, target) => {
    expect(parseClientPayload('chats:transfer', { chatId: 'c1', ...target })).toEqual({ chatId: 'c1', ...target });
  });

  it('refuses a transfer with neither room nor agentId', () => {
    expect(messageOf('chats:transfer', { chatId: 'c1' })).toBe(
      'chats:transfer: (payload): name a room, an agentId, or both',
    );
    expect(codeOf('chats:transfer', { chatId: 'c1', room: undefined, agentId: undefined })).toBe('invalid_payload');
  });

  it('refuses an empty room', () => {
    expect(codeOf('chats:transfer', { chatId: 'c1', room: '' })).toBe('invalid_payload');
  });
});

describe('REST: visitorSignupSchema (POST /v1/users)', () => {
  it('accepts an empty body: every field is optional', () => {
    expect(visitorSignupSchema.parse({})).toEqual({});
  });

  it('trims name and contact and keeps scalar extraInfo', () => {
    const body = {
      name: '  Ada  ',
      contact: ' ada@example.com ',
      extraInfo: { plan: 'pro', seats: 3, trial: false, referrer: null },
    };
    expect(visitorSignupSchema.parse(body)).toEqual({ ...body, name: 'Ada', contact: 'ada@example.com' });
  });

  it.each([
    ['a blank name', { name: '   ' }],
    ['a name longer than limits.profileFieldLength', { name: 'n'.repeat(limits.profileFieldLength + 1) }],
    ['a numeric contact', { contact: 5551234 }],
    ['a nested extraInfo value', { extraInfo: { address: { city: 'Oslo' } } }],
    ['an array extraInfo value', { extraInfo: { tags: ['vip'] } }],
    ['an extraInfo key longer than limits.nameLength', { extraInfo: { ['k'.repeat(limits.nameLength + 1)]: 1 } }],
    ['an extraInfo string longer than 1000', { extraInfo: { note: 'x'.repeat(1001) } }],
    [
      'more than limits.extraInfoKeys extraInfo keys',
      { extraInfo: Object.fromEntries(Array.from({ length: limits.extraInfoKeys + 1 }, (_, i) => [`k${i}`, i])) },
    ],
    ['an unknown key', { role: 'agent' }],
    ['a __proto__ key from JSON.parse', JSON.parse('{"__proto__":{"role":"agent"}}') as unknown],
  ])('refuses %s', (_label, body) => {
    expect(visitorSignupSchema.safeParse(body).success).toBe(false);
  });

  it('accepts exactly limits.extraInfoKeys extraInfo keys', () => {
    const extraInfo = Object.fromEntries(Array.from({ length: limits.extraInfoKeys }, (_, i) => [`k${i}`, i]));
    expect(visitorSignupSchema.safeParse({ extraInfo }).success).toBe(true);
  });

  it('never lets a __proto__ key inside extraInfo reach the prototype', () => {
    const result = visitorSignupSchema.safeParse(JSON.parse('{"extraInfo":{"__proto__":{"isAdmin":true},"plan":"pro"}}'));
    const extraInfo = result.success ? result.data.extraInfo : undefined;
    if (extraInfo !== undefined) {
      expect(Object.getPrototypeOf(extraInfo)).toBe(Object.prototype);
      expect((extraInfo as Record<string, unknown>)['isAdmin']).toBeUndefined();
    }
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });
});

describe('REST: agentLoginSchema (POST /v1/agents/login)', () => {
  const login = { username: 'ada', password: 'correct horse battery staple' };

  it('accepts a username and password, untouched', () => {
    expect(agentLoginSchema.parse({ ...login, password: ' spaced ' })).toEqual({ ...login, password: ' spaced ' });
  });

  it.each([
    ['a missing password', { username: 'ada' }],
    ['an empty username', { ...login, username: '' }],
    ['an empty password', { ...login, password: '' }],
    ['a username longer than limits.nameLength', { ...login, username: 'u'.repeat(limits.nameLength + 1) }],
    ['a password longer than 1024', { ...login, password: 'p'.repeat(1025) }],
    ['a numeric password', { ...login, password: 1234 }],
    ['an unknown key', { ...login, remember: true }],
    ['a string body', 'ada:secret'],
    ['null', null],
  ])('refuses %s', (_label, body) => {
    expect(agentLoginSchema.safeParse(body).success).toBe(false);
  });
});

describe('values the store cannot hold are invalid_payload (issue 13)', () => {
  const nul = 'a\u0000b';

  it('refuses a NUL byte in every string of every event', () => {
    const cases: [ClientEventName, Record<string, unknown>][] = [
      ['chats:create', { room: nul, source: 'web', creator: 'u1' }],
      ['chats:create', { room: 'support', source: nul, creator: 'u1' }],
      ['chats:create', { room: 'support', source: 'web', lang: `e${nul}`, creator: 'u1' }],
      ['chats:create', { room: 'support', source: 'web', creator: nul }],
      ['messages:send', { chatId: 'c', clientId: 'k', type: 'text', message: nul }],
      ['messages:send', { chatId: nul, clientId: 'k', type: 'text', message: 'hi' }],
      ['messages:read', { messageId: nul, userId: 'u1' }],
      ['chats:get', { chatId: 'c', fields: `users${nul}` }],
      ['chats:transfer', { chatId: 'c', room: nul }],
      ['history:import', { chatId: 'c', history: [{ created: 1, type: 'text', message: nul, sender: 'u1' }] }],
      ['history:import', { chatId: 'c', history: [{ created: 1, type: 'text', message: 'hi', sender: nul }] }],
    ];
    for (const [event, payload] of cases) {
      expect(codeOf(event, payload), `${event} ${JSON.stringify(payload)}`).toBe('invalid_payload');
      expect(messageOf(event, payload)).toContain('NUL');
    }
  });

  it('refuses lone surrogates (jsonb cannot hold them) but keeps paired ones (emoji)', () => {
    expect(codeOf('messages:send', { chatId: 'c', clientId: 'k', type: 'text', message: 'x\uD800y' })).toBe('invalid_payload');
    expect(codeOf('messages:send', { chatId: 'c', clientId: 'k', type: 'text', message: '\uDC00' })).toBe('invalid_payload');
    expect(codeOf('messages:send', { chatId: 'c', clientId: 'k', type: 'text', message: 'hi 😀' })).toBeNull();
    expect(visitorSignupSchema.safeParse({ extraInfo: { '\uD800': 1 } }).success).toBe(false);
  });

  it('refuses a NUL byte in signup profiles and logins', () => {
    expect(visitorSignupSchema.safeParse({ name: nul }).success).toBe(false);
    expect(visitorSignupSchema.safeParse({ extraInfo: { plan: nul } }).success).toBe(false);
    expect(visitorSignupSchema.safeParse({ extraInfo: { [nul]: 1 } }).success).toBe(false);
    expect(agentLoginSchema.safeParse({ username: nul, password: 'x' }).success).toBe(false);
    expect(agentLoginSchema.safeParse({ username: 'ada', password: nul }).success).toBe(false);
  });

  it('refuses afterSeq and beforeSeq beyond 32 bits, and accepts the largest 32-bit value', () => {
    expect(codeOf('messages:list', { chatId: 'c', afterSeq: 2 ** 31 })).toBe('invalid_payload');
    expect(codeOf('messages:list', { chatId: 'c', beforeSeq: 2 ** 53 })).toBe('invalid_payload');
    expect(codeOf('messages:list', { chatId: 'c', afterSeq: limits.maxSeq })).toBeNull();
  });

  it('refuses imported dates outside 1970 to 9999', () => {
    const entry = (created: number) => ({ chatId: 'c', history: [{ created, type: 'text', message: 'hi', sender: 'u1' }] });
    expect(codeOf('history:import', entry(9e12))).toBe('invalid_payload');
    expect(codeOf('history:import', entry(-1))).toBe('invalid_payload');
    expect(codeOf('history:import', entry(limits.maxHistoryCreated))).toBeNull();
    expect(codeOf('history:import', entry(limits.maxHistoryCreated + 1))).toBe('invalid_payload');
  });
});
