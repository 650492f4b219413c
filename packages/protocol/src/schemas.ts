import { z } from 'zod';
import { loneSurrogate } from './cleanText';
import { limits } from './limits';
import type { ChatField, HistoryEntry } from './models';

/**
 * Zod schemas for every client payload (PROTOCOL.md §4). Event payloads are strict objects: an
 * unknown key — a typo, or a `__proto__` smuggled through JSON — is an error, never silently dropped.
 */

/** Marks an issue that `parseClientPayload` reports as `payload_too_large` instead of `invalid_payload`. */
export const TOO_LARGE = 'payload_too_large';

/**
 * Every string a client sends: PostgreSQL's `text` and `jsonb` cannot hold U+0000 (nor `jsonb` a lone
 * surrogate), so such a string that got past validation became an `internal` error in the store.
 */
function text() {
  return z
    .string()
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL (U+0000) characters')
    .refine((value) => !loneSurrogate.test(value), 'must be well-formed Unicode (a lone surrogate such as \\ud800)');
}

const id = text().min(1, 'must not be empty').max(limits.idLength);
const name = text().min(1, 'must not be empty').max(limits.nameLength);

/** Text whose length is a resource limit rather than a format rule. */
function boundedText(max: number) {
  return text().superRefine((value, ctx) => {
    if (value.length > max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${max} characters (got ${value.length})`,
        params: { parleyCode: TOO_LARGE, max },
      });
    }
  });
}

export const activityTypeSchema = z.enum(['writing', 'stop-writing', 'not-writing']);
export const agentStatusSchema = z.enum(['online', 'away', 'offline']);
export const assignmentAlgorithmSchema = z.enum(['least-busy', 'round-robin', 'random']);

export const historyEntrySchema = z
  .strictObject({
    // Unix seconds a JavaScript Date and a SQL timestamp both hold: 9e12 threw a RangeError in the store.
    created: z.number().int().min(limits.minHistoryCreated).max(limits.maxHistoryCreated),
    type: z.enum(['text', 'object']),
    message: boundedText(limits.historyEntryLength),
    sender: id,
  })
  .superRefine((entry, ctx) => {
    if (entry.type !== 'object') return;
    try {
      JSON.parse(entry.message);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['message'], message: 'an object entry must carry JSON text' });
    }
  });

/**
 * The entry count is checked before any entry is parsed: an oversized import must cost one check and
 * one issue, not one per entry (300k bad entries took seconds and produced a 200 MB error). The cast
 * restores the input type that `pipe` widens to `unknown[]`; the pipe still parses every entry.
 */
const historySchema = z
  .array(z.unknown())
  .superRefine((entries, ctx) => {
    if (entries.length > limits.historyEntries) {
      ctx.addIssue({
        code: 'custom',
        message: `must hold at most ${limits.historyEntries} entries (got ${entries.length})`,
        params: { parleyCode: TOO_LARGE, max: limits.historyEntries },
        abort: true,
      });
    }
  })
  .pipe(z.array(historyEntrySchema)) as unknown as z.ZodType<HistoryEntry[], HistoryEntry[]>;

const chatFields: readonly ChatField[] = ['users', 'watchers', 'history', 'reads', 'presence'];

const fieldsSchema = text()
  .max(64)
  .transform((text, ctx): ChatField[] => {
    const requested = text
      .split(',')
      .map((field) => field.trim())
      .filter((field) => field.length > 0);
    const unknown = requested.filter((field) => !(chatFields as readonly string[]).includes(field));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown field ${unknown.map((f) => JSON.stringify(f)).join(', ')}; expected a combination of ${chatFields.join(',')}`,
      });
      return z.NEVER;
    }
    return [...new Set(requested)] as ChatField[];
  });

/** `seq` columns are 32-bit integers: a larger number overflowed in the store instead of being refused. */
const seq = z.number().int().nonnegative().max(limits.maxSeq);

/** Visitor context (docs/protocol.md §3): page facts, each bounded; an unknown key is refused. */
export const visitorContextSchema = z.strictObject({
  url: text().max(limits.contextUrlLength).optional(),
  title: text().max(limits.contextFieldLength).optional(),
  referrer: text().max(limits.contextUrlLength).optional(),
  browser: text().max(limits.nameLength).optional(),
  os: text().max(limits.nameLength).optional(),
  language: text().max(35).optional(),
  timeZone: text().max(limits.nameLength).optional(),
  utcOffset: z.number().int().min(-14 * 60).max(14 * 60).optional(),
});

export const clientPayloadSchemas = {
  'chats:create': z.strictObject({
    room: name,
    // The seed's sources are numeric ids; hosts also use names. Both arrive as a string.
    source: z.union([name, z.number().int().nonnegative()]).transform(String),
    lang: text().min(2).max(35).optional(),
    creator: id,
    context: visitorContextSchema.optional(),
  }),
  'chats:assign': z.strictObject({
    chatId: id,
    algorithm: assignmentAlgorithmSchema.optional(),
    // Their bounds are the deployment's (the engine's `offer_bounds`, within limits.maxAttempts and
    // limits.maxOfferSeconds): a refusal names the limit, whichever bound was crossed.
    maxAttempts: z.number().int().optional(),
    interval: z.number().optional(),
  }),
  'chats:join': z.strictObject({ chatId: id, userId: id }),
  'users:activity': z.strictObject({ chatId: id, userId: id, type: activityTypeSchema }),
  'user:focus': z.strictObject({ chatId: id.optional() }),
  'messages:read': z.strictObject({ messageId: id, userId: id }),
  'chats:close': z.strictObject({ chatId: id, userId: id }),
  'history:import': z.strictObject({ chatId: id, history: historySchema }),
  'chats:get': z.strictObject({ chatId: id, fields: fieldsSchema.optional() }),
  'messages:send': z.discriminatedUnion('type', [
    z.strictObject({
      chatId: id,
      clientId: id,
      type: z.literal('text'),
      message: boundedText(limits.messageLength).refine((text) => text.trim().length > 0, 'must not be blank'),
    }),
    // A file uploaded first (`POST /v1/chats/:chatId/files`) by the same member for the same chat;
    // its name, type and size come from the server's record, never from this payload.
    z.strictObject({
      chatId: id,
      clientId: id,
      type: z.literal('file'),
      fileId: id,
      message: boundedText(limits.messageLength).default(''),
    }),
  ]),
  'messages:list': z.strictObject({
    chatId: id,
    afterSeq: seq.optional(),
    beforeSeq: seq.optional(),
    limit: z.number().int().min(1).max(limits.listPageSize).optional(),
  }),
  'users:chats': z.strictObject({ userId: id }),
  'agents:status': z.strictObject({ status: agentStatusSchema }),
  'invitations:accept': z.strictObject({ chatId: id }),
  'invitations:reject': z.strictObject({ chatId: id }),
  'chats:transfer': z
    .strictObject({ chatId: id, room: name.optional(), agentId: id.optional() })
    .refine((payload) => payload.room !== undefined || payload.agentId !== undefined, {
      message: 'name a room, an agentId, or both',
    }),
  'transfer:targets': z.strictObject({ chatId: id }),
  'notes:add': z.strictObject({
    chatId: id,
    clientId: id,
    message: boundedText(limits.messageLength).refine((text) => text.trim().length > 0, 'must not be blank'),
  }),
  'notes:list': z.strictObject({ chatId: id }),
} as const;

export type ClientPayloadSchemas = typeof clientPayloadSchemas;

const extraInfoSchema = z
  .record(text().max(limits.nameLength), z.union([text().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((info) => Object.keys(info).length <= limits.extraInfoKeys, {
    message: `must hold at most ${limits.extraInfoKeys} keys`,
  });

const profileText = text().trim().min(1, 'must not be empty').max(limits.profileFieldLength);

/** A host-minted identity token (a JWT); its signature and claims are checked by the server. */
const identityToken = text().min(1).max(4096);

/** `POST /v1/users`: a visitor signs up, anonymous or with a host-minted `identity` token. */
export const visitorSignupSchema = z.strictObject({
  name: profileText.optional(),
  contact: profileText.optional(),
  extraInfo: extraInfoSchema.optional(),
  identity: identityToken.optional(),
});

/** `POST /v1/users/me`: a signed-in visitor proves who they are, or adds attributes (merged). */
export const visitorUpdateSchema = z.strictObject({
  identity: identityToken.optional(),
  extraInfo: extraInfoSchema.optional(),
});

/** `POST /v1/chats/:chatId/files?name=…`: the file's name, as the uploader's device called it. */
export const fileNameSchema = text()
  .trim()
  .min(1, 'must not be empty')
  .max(limits.fileNameLength)
  // Control characters (a newline could split a header line) have no place in a name shown to people.
  .refine((value) => ![...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f), 'must not contain control characters');
/** `POST /v1/canned` and `PUT /v1/canned/:id`: a reply shared with `room`, or the agent's own. */
export const cannedResponseInputSchema = z.strictObject({
  shortcut: text()
    .trim()
    .min(1, 'must not be empty')
    .max(limits.cannedShortcutLength)
    .regex(/^[^\s/]+$/u, 'a single word without spaces or slashes'),
  text: boundedText(limits.messageLength).refine((value) => value.trim().length > 0, 'must not be blank'),
  room: name.optional(),
});

/** `POST /v1/chats/:chatId/rating`: the visitor's CSAT after the chat closed. */
export const chatRatingInputSchema = z.strictObject({
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  comment: text().trim().max(limits.ratingCommentLength).optional(),
});

/** `GET /v1/chats`: the records' filters, as query strings. */
export const chatSearchSchema = z.strictObject({
  q: text().trim().max(200).optional(),
  room: name.optional(),
  agent: id.optional(),
  visitor: id.optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** Older than this closing time: the next page. */
  before: text().max(40).optional(),
});

/** `POST /v1/agents/login`. */
export const agentLoginSchema = z.strictObject({
  username: text().min(1).max(limits.nameLength),
  password: text().min(1).max(1024),
});

/** An e-mail address (at most 254 characters, the SMTP bound). */
export const emailAddressSchema = text().max(254).pipe(z.email());

/**
 * One room's settings in the server's room settings file (`--room-settings`). `welcome` and
 * `replyTime` are public (`GET /v1/rooms/:room`); `teamEmail` is not: where messages left while
 * nobody was online are e-mailed.
 */
export const roomSettingsSchema = z.strictObject({
  welcome: text().trim().min(1, 'must not be empty').max(limits.welcomeLength).optional(),
  replyTime: z.enum(['minutes', 'hours', 'day']).optional(),
  teamEmail: z.union([emailAddressSchema, z.array(emailAddressSchema).min(1).max(20)]).optional(),
});

/** `POST /v1/chats/:chatId/transcript`: e-mail the chat's transcript, to `email` or the visitor's contact. */
export const transcriptRequestSchema = z.strictObject({
  email: emailAddressSchema.optional(),
});

/** The room settings file: room name → settings, e.g. `{ "support": { "welcome": "Hi!", "replyTime": "minutes" } }`. */
export const roomSettingsFileSchema = z.record(name, roomSettingsSchema);

export type CannedResponseInput = z.output<typeof cannedResponseInputSchema>;
export type ChatRatingInput = z.output<typeof chatRatingInputSchema>;
export type ChatSearch = z.output<typeof chatSearchSchema>;
export type VisitorSignup = z.output<typeof visitorSignupSchema>;
export type RoomSettings = z.output<typeof roomSettingsSchema>;
export type VisitorUpdate = z.output<typeof visitorUpdateSchema>;
export type AgentLogin = z.output<typeof agentLoginSchema>;
export type TranscriptRequest = z.output<typeof transcriptRequestSchema>;
