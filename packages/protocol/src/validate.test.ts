/**
 * `parseClientPayload` as the server's front door: every client event of PROTOCOL.md §4 accepts its
 * payload and hands the engine the validated command, and every malformed payload becomes a
 * `ParleyError` whose message alone tells a developer which event and which field to fix.
 * Per-event rules (bounds, transforms, refinements) live in `schemas.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { clientEventNames, clientPayloadSchemas, isClientEventName, limits, ParleyError, parseClientPayload } from './index';
import type { ClientCommand, ClientEventName, ClientPayload, PayloadIssue } from './index';

interface EventCase<E extends ClientEventName> {
  /** A valid payload, with optional fields filled in where the event has them. */
  valid: ClientPayload<E>;
  /** What the engine receives for `valid`. */
  command: ClientCommand<E>;
  /** Fields whose absence is an error. */
  required: readonly (keyof ClientPayload<E> & string)[];
  /** Fields holding an id (bounded by `limits.idLength`). */
  ids: readonly (keyof ClientPayload<E> & string)[];
}

const entry = { created: 1_700_000_000, type: 'text', message: 'hello from the old bot', sender: 'assistant' } as const;
const objectEntry = { created: 1_700_000_001, type: 'object', message: '{"card":"pricing"}', sender: 'system' } as const;

/** One case per client event; the mapped type makes a missing event a compile error. */
const cases: { [E in ClientEventName]: EventCase<E> } = {
  'chats:create': {
    valid: { room: 'sales', source: 3, lang: 'en', creator: 'u1' },
    command: { room: 'sales', source: '3', lang: 'en', creator: 'u1' },
    required: ['room', 'source', 'creator'],
    ids: ['creator'],
  },
  'chats:assign': {
    valid: { chatId: 'c1', algorithm: 'round-robin', maxAttempts: 5, interval: 20 },
    command: { chatId: 'c1', algorithm: 'round-robin', maxAttempts: 5, interval: 20 },
    required: ['chatId'],
    ids: ['chatId'],
  },
  'chats:join': {
    valid: { chatId: 'c1', userId: 'a1' },
    command: { chatId: 'c1', userId: 'a1' },
    required: ['chatId', 'userId'],
    ids: ['chatId', 'userId'],
  },
  'users:activity': {
    valid: { chatId: 'c1', userId: 'u1', type: 'writing' },
    command: { chatId: 'c1', userId: 'u1', type: 'writing' },
    required: ['chatId', 'userId', 'type'],
    ids: ['chatId', 'userId'],
  },
  'user:focus': {
    valid: { chatId: 'c1' },
    command: { chatId: 'c1' },
    required: [],
    ids: ['chatId'],
  },
  'messages:read': {
    valid: { messageId: 'm1', userId: 'u1' },
    command: { messageId: 'm1', userId: 'u1' },
    required: ['messageId', 'userId'],
    ids: ['messageId', 'userId'],
  },
  'chats:close': {
    valid: { chatId: 'c1', userId: 'u1' },
    command: { chatId: 'c1', userId: 'u1' },
    required: ['chatId', 'userId'],
    ids: ['chatId', 'userId'],
  },
  'history:import': {
    valid: { chatId: 'c1', history: [entry, objectEntry] },
    command: { chatId: 'c1', history: [entry, objectEntry] },
    required: ['chatId', 'history'],
    ids: ['chatId'],
  },
  'chats:get': {
    valid: { chatId: 'c1', fields: 'users, history' },
    command: { chatId: 'c1', fields: ['users', 'history'] },
    required: ['chatId'],
    ids: ['chatId'],
  },
  'messages:send': {
    valid: { chatId: 'c1', clientId: 'k1', type: 'text', message: 'Hi, I need help' },
    command: { chatId: 'c1', clientId: 'k1', type: 'text', message: 'Hi, I need help' },
    required: ['chatId', 'clientId', 'type', 'message'],
    ids: ['chatId', 'clientId'],
  },
  'messages:list': {
    valid: { chatId: 'c1', afterSeq: 4, beforeSeq: 40, limit: 20 },
    command: { chatId: 'c1', afterSeq: 4, beforeSeq: 40, limit: 20 },
    required: ['chatId'],
    ids: ['chatId'],
  },
  'users:chats': {
    valid: { userId: 'u1' },
    command: { userId: 'u1' },
    required: ['userId'],
    ids: ['userId'],
  },
  'agents:status': {
    valid: { status: 'away' },
    command: { status: 'away' },
    required: ['status'],
    ids: [],
  },
  'invitations:accept': {
    valid: { chatId: 'c1' },
    command: { chatId: 'c1' },
    required: ['chatId'],
    ids: ['chatId'],
  },
  'invitations:reject': {
    valid: { chatId: 'c1' },
    command: { chatId: 'c1' },
    required: ['chatId'],
    ids: ['chatId'],
  },
  'chats:transfer': {
    valid: { chatId: 'c1', room: 'billing', agentId: 'a2' },
    command: { chatId: 'c1', room: 'billing', agentId: 'a2' },
    required: ['chatId'],
    ids: ['chatId', 'agentId'],
  },
  'transfer:targets': {
    valid: { chatId: 'c1' },
    command: { chatId: 'c1' },
    required: ['chatId'],
    ids: ['chatId'],
  },
  'notes:add': {
    valid: { chatId: 'c1', clientId: 'n1', message: 'VIP customer, refund approved' },
    command: { chatId: 'c1', clientId: 'n1', message: 'VIP customer, refund approved' },
    required: ['chatId', 'clientId', 'message'],
    ids: ['chatId', 'clientId'],
  },
  'notes:list': {
    valid: { chatId: 'c1' },
    command: { chatId: 'c1' },
    required: ['chatId'],
    ids: ['chatId'],
  },
};

/** The same table, seen without per-event types so it can be iterated. */
interface LooseCase {
  valid: Record<string, unknown>;
  command: unknown;
  required: readonly string[];
  ids: readonly string[];
}
function caseOf(event: ClientEventName): LooseCase {
  return cases[event];
}

/** Runs `parseClientPayload` expecting a refusal, and returns the error. */
function reject(event: string, payload: unknown): ParleyError {
  let thrown: unknown;
  try {
    parseClientPayload(event, payload);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `${event} should reject ${JSON.stringify(payload)}`).toBeInstanceOf(ParleyError);
  return thrown as ParleyError;
}

function issuesOf(error: ParleyError): PayloadIssue[] {
  return (error.details?.['issues'] ?? []) as PayloadIssue[];
}

/**
 * Expects `invalid_payload` (or `code`) naming `event` and `path` in the message, and an issue at `path`.
 * `path` is dotted (`history.0.message`), or `(payload)` for the payload as a whole.
 */
function expectRejected(event: string, payload: unknown, path: string, code = 'invalid_payload'): ParleyError {
  const error = reject(event, payload);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(new RegExp(`^${event}: (.+; )?${escapeRegExp(path)}: `));
  expect(issuesOf(error)).toContainEqual({ path, message: expect.any(String) });
  return error;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const without = (payload: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(payload).filter(([k]) => k !== key));

// Flat tables, so each failure names the event and the field.
const requiredFields = clientEventNames.flatMap((event) => caseOf(event).required.map((field) => [event, field] as const));
const allFields = clientEventNames.flatMap((event) => Object.keys(caseOf(event).valid).map((field) => [event, field] as const));
const idFields = clientEventNames.flatMap((event) => caseOf(event).ids.map((field) => [event, field] as const));
/** Every string field must be non-empty, except `chats:get`'s `fields`, where `''` asks for no extras. */
const stringFields = allFields.filter(
  ([event, field]) => typeof caseOf(event).valid[field] === 'string' && !(event === 'chats:get' && field === 'fields'),
);

describe('the event table', () => {
  it('covers every event that has a schema, and nothing else', () => {
    expect([...clientEventNames].sort()).toEqual(Object.keys(clientPayloadSchemas).sort());
    expect(Object.keys(cases).sort()).toEqual([...clientEventNames].sort());
  });

  it('isClientEventName accepts exactly those names', () => {
    for (const event of clientEventNames) expect(isClientEventName(event)).toBe(true);
    for (const other of ['chats:delete', 'CHATS:CREATE', '', 'toString', '__proto__', 42, null, undefined]) {
      expect(isClientEventName(other)).toBe(false);
    }
  });
});

describe('valid payloads', () => {
  it.each(clientEventNames)('%s parses into the command the engine expects', (event) => {
    const { valid, command } = caseOf(event);
    expect(parseClientPayload(event, valid)).toEqual(command);
  });

  it.each(clientEventNames)('%s accepts ids of exactly limits.idLength characters', (event) => {
    const { valid, ids } = caseOf(event);
    const longest = 'x'.repeat(limits.idLength);
    const payload = { ...valid, ...Object.fromEntries(ids.map((field) => [field, longest])) };
    expect(() => parseClientPayload(event, payload)).not.toThrow();
  });
});

describe('rejections', () => {
  it.each(requiredFields)('%s without %s is invalid_payload naming the field', (event, field) => {
    expectRejected(event, without(caseOf(event).valid, field), field);
  });

  it.each(allFields)('%s with a boolean %s is invalid_payload naming the field', (event, field) => {
    expectRejected(event, { ...caseOf(event).valid, [field]: true }, field);
  });

  it.each(stringFields)('%s with an empty %s is invalid_payload', (event, field) => {
    expectRejected(event, { ...caseOf(event).valid, [field]: '' }, field);
  });

  it.each(idFields)('%s with a %s longer than limits.idLength is invalid_payload', (event, field) => {
    const error = expectRejected(event, { ...caseOf(event).valid, [field]: 'x'.repeat(limits.idLength + 1) }, field);
    expect(error.message).toContain(`<=${limits.idLength}`);
  });

  it.each(clientEventNames)('%s with an unknown key is invalid_payload naming the key', (event) => {
    const error = expectRejected(event, { ...caseOf(event).valid, colour: 'red' }, '(payload)');
    expect(error.message).toContain('Unrecognized key: "colour"');
  });

  it.each(clientEventNames)('%s with a __proto__ key from JSON.parse is refused, not merged', (event) => {
    const json = JSON.stringify(caseOf(event).valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},');
    const payload: unknown = JSON.parse(json);
    expect(Object.keys(payload as object)).toContain('__proto__'); // an own key, as a socket would deliver it

    const error = expectRejected(event, payload, '(payload)');
    expect(error.message).toContain('Unrecognized key: "__proto__"');
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('refuses a __proto__ key inside a nested object (a history entry)', () => {
    const payload: unknown = JSON.parse(
      '{"chatId":"c1","history":[{"__proto__":{"type":"object"},"created":1,"type":"text","message":"m","sender":"s"}]}',
    );
    const error = expectRejected('history:import', payload, 'history.0');
    expect(error.message).toContain('Unrecognized key: "__proto__"');
  });
});

describe('payloads that are not objects', () => {
  const notObjects = [
    ['a string', 'chatId=c1', 'string'],
    ['a number', 42, 'number'],
    ['an array', [{ chatId: 'c1' }], 'array'],
    ['a boolean', true, 'boolean'],
  ] as const;

  it.each(clientEventNames)('%s refuses strings, numbers, arrays and booleans as a whole', (event) => {
    for (const [, payload, received] of notObjects) {
      const error = expectRejected(event, payload, '(payload)');
      expect(error.message).toBe(`${event}: (payload): Invalid input: expected object, received ${received}`);
    }
  });

  it.each(clientEventNames.filter((event) => event !== 'user:focus'))(
    '%s reads null and undefined as {}, so the error names the missing fields',
    (event) => {
      // messages:send is a union by `type`: without one, the kind (and so its fields) is unknown.
      const required = event === 'messages:send' ? ['type'] : caseOf(event).required;
      for (const payload of [null, undefined]) {
        const error = reject(event, payload);
        expect(error.code).toBe('invalid_payload');
        expect(issuesOf(error).map((issue) => issue.path)).toEqual(required);
        for (const field of required) expect(error.message).toContain(`${field}: `);
      }
    },
  );
});

describe('unknown events', () => {
  it.each(['chats:delete', 'message:received', 'CHATS:CREATE', '', 'toString', '__proto__', 'constructor'])(
    '%j is invalid_payload, whatever the payload',
    (event) => {
      const error = reject(event, { chatId: 'c1' });
      expect(error.code).toBe('invalid_payload');
      expect(error.message).toBe(`unknown event ${JSON.stringify(event)}`);
    },
  );

  it('quotes at most 80 characters of a huge event name', () => {
    const error = reject('x'.repeat(10_000), {});
    expect(error.message.length).toBeLessThanOrEqual('unknown event '.length + 80);
  });
});

describe('the error', () => {
  it('is a ParleyError with a message naming the event, each path, and details.issues', () => {
    const error = reject('messages:send', { chatId: 7, clientId: 'k1', type: 'text' });

    expect(error).toBeInstanceOf(ParleyError);
    expect(error.name).toBe('ParleyError');
    expect(error.code).toBe('invalid_payload');
    expect(error.message).toBe(
      'messages:send: chatId: Invalid input: expected string, received number; ' +
        'message: Invalid input: expected string, received undefined',
    );
    expect(error.details).toEqual({
      issues: [
        { path: 'chatId', message: 'Invalid input: expected string, received number' },
        { path: 'message', message: 'Invalid input: expected string, received undefined' },
      ],
    });
  });

  it('joins nested paths with dots', () => {
    const payload = { chatId: 'c1', history: [entry, { ...entry, created: -1 }] };
    const error = expectRejected('history:import', payload, 'history.1.created');
    expect(error.message).toMatch(/^history:import: history\.1\.created: /);
  });

  it('survives the wire: toPayload() carries code, message and issues as plain JSON', () => {
    const error = reject('chats:join', { chatId: '', userId: 'u1' });
    expect(JSON.parse(JSON.stringify(error.toPayload()))).toEqual({
      code: 'invalid_payload',
      message: 'chats:join: chatId: must not be empty',
      details: { issues: [{ path: 'chatId', message: 'must not be empty' }] },
    });
  });
});

describe('size limits', () => {
  const send = cases['messages:send'].valid;

  it('a message longer than limits.messageLength is payload_too_large', () => {
    const error = expectRejected(
      'messages:send',
      { ...send, message: 'a'.repeat(limits.messageLength + 1) },
      'message',
      'payload_too_large',
    );
    expect(error.message).toContain(`at most ${limits.messageLength} characters (got ${limits.messageLength + 1})`);
  });

  it('a history longer than limits.historyEntries is payload_too_large', () => {
    const history = Array.from({ length: limits.historyEntries + 1 }, () => entry);
    const error = expectRejected('history:import', { chatId: 'c1', history }, 'history', 'payload_too_large');
    expect(error.message).toContain(`at most ${limits.historyEntries} entries (got ${limits.historyEntries + 1})`);
  });

  it('a history entry longer than limits.historyEntryLength is payload_too_large', () => {
    const history = [{ ...entry, message: 'a'.repeat(limits.historyEntryLength + 1) }];
    expectRejected('history:import', { chatId: 'c1', history }, 'history.0.message', 'payload_too_large');
  });

  it('an oversized message stays payload_too_large even when the payload has other faults', () => {
    const payload = { ...send, message: ' '.repeat(limits.messageLength + 1), colour: 'red' };
    expect(reject('messages:send', payload).code).toBe('payload_too_large');
  });

  it('a blank message is a format error, not a size one', () => {
    const error = expectRejected('messages:send', { ...send, message: '   ' }, 'message');
    expect(error.message).toBe('messages:send: message: must not be blank');
  });

  it('an object history entry whose message is not JSON is invalid_payload', () => {
    const history = [{ ...objectEntry, message: '{card: pricing' }];
    const error = expectRejected('history:import', { chatId: 'c1', history }, 'history.0.message');
    expect(error.message).toContain('an object entry must carry JSON text');
  });
});

describe('oversized input is cheap to refuse', () => {
  it('counts history entries before parsing them: 300k empty entries → one payload_too_large issue', () => {
    const history = Array.from({ length: 300_000 }, () => ({}));
    let error: unknown;
    try {
      parseClientPayload('history:import', { chatId: 'c', history });
    } catch (caught) {
      error = caught;
    }
    // One issue, for the count: the entries themselves were never parsed.
    expect(error).toMatchObject({ code: 'payload_too_large', details: { issues: [{ path: 'history' }] } });
    expect((error as ParleyError).details).not.toHaveProperty('more');
  });

  it('lists at most 10 issues and counts the rest', () => {
    const history = Array.from({ length: 400 }, () => ({}));
    try {
      parseClientPayload('history:import', { chatId: 'c', history });
      expect.unreachable();
    } catch (error) {
      const details = (error as ParleyError).details as { issues: unknown[]; more: number };
      expect(details.issues).toHaveLength(10);
      expect(details.more).toBeGreaterThan(0);
      expect((error as ParleyError).message).toMatch(/and \d+ more$/);
    }
  });

  it('names a non-string event without throwing a TypeError', () => {
    expect(() => parseClientPayload(undefined as unknown as string, {})).toThrow(ParleyError);
  });
});
