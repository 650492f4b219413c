import { z } from 'zod';
import { limits } from './limits';
import type { ReplyTime, User } from './models';
import { isReservedUserId } from './reservedUserIds';
import { roomSettingsSchema } from './schemas';

/*
 * Administration (issue 16): the REST bodies and answers of `/v1/admin/*` and of the one-time links
 * that set a password. Only agents marked admin may call `/v1/admin/*`; the server checks every call.
 */

/** Days of a room's weekly schedule, Monday first (ISO 8601). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** One opening on one day, local time of the room's time zone: `09:00`–`17:30`; `close` after `open`. */
export interface OpeningHours {
  day: Weekday;
  open: string;
  close: string;
}

/** A room's weekly schedule in an IANA time zone; outside it the widget offers the offline form. */
export interface BusinessHours {
  /** IANA name, e.g. `Europe/Berlin`; the schedule follows its daylight saving time. */
  timeZone: string;
  /** Openings per day; a day without any is closed all day. An empty list: never open. */
  weekly: OpeningHours[];
}

/** A room as an admin sees it: its public settings, where it comes from, and its widget snippet. */
export interface AdminRoom {
  name: string;
  welcome?: string;
  replyTime?: ReplyTime;
  hours?: BusinessHours;
  /** Where offline messages of the room are e-mailed: admins see it, the public `GET /v1/rooms/:room` never does. */
  teamEmail?: string | string[];
  /** Whether the room is within its business hours now (always true without hours). */
  open: boolean;
  /** `database`: created by an admin, editable; `config`: from `--rooms`/`--room-settings`, read-only. */
  source: 'database' | 'config';
  /** The script tag that puts the widget for this room on a page. */
  snippet: string;
}

/** An agent as an admin sees it. */
export interface AdminAgent {
  user: User;
  /** The username the agent signs in with; absent until an invitation was accepted. */
  username?: string;
  rooms: string[];
  capacity: number;
  admin: boolean;
  disabled: boolean;
  /** Whether a password is set (an invited agent has none until they open their link). */
  hasPassword: boolean;
}

/** One administrative action: who did what to what, and when. */
export interface AuditEntry {
  id: number;
  /** ISO time. */
  at: string;
  /** The admin's user id, or `cli` / `setup` for the command line and the first-run link. */
  actor: string;
  /** e.g. `agent.create`, `agent.update`, `agent.disable`, `agent.password_reset`, `room.create`, `room.update`. */
  action: string;
  /** The agent id or room name acted on. */
  target: string;
  /** What changed (never a password or a link's token). */
  details?: Record<string, unknown>;
}

/** What a one-time link is for: the first admin, an invited agent, a password reset. */
export type PasswordLinkPurpose = 'setup' | 'invite' | 'reset';

/** A one-time link as created: the token goes into the console's address, `#link=<token>`. */
export interface PasswordLink {
  token: string;
  purpose: PasswordLinkPurpose;
  /** ISO time after which the link is refused. */
  expiresAt: string;
  /** The console address with the token, when the server knows where the console is. */
  url: string;
}

function text() {
  return z.string().refine((value) => !value.includes('\u0000'), 'must not contain NUL (U+0000) characters');
}

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM, 00:00 to 24:00');

/** True when `Intl` knows the zone: the same check the server's clock conversion relies on. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const openingHoursSchema = z
  .strictObject({ day: z.enum(weekdays), open: hhmm, close: hhmm })
  .refine((value) => value.close > value.open, { message: 'close must be after open', path: ['close'] });

export const businessHoursSchema = z.strictObject({
  timeZone: text().min(1).max(64).refine(isTimeZone, 'an IANA time zone, e.g. Europe/Berlin'),
  weekly: z.array(openingHoursSchema).max(7 * 4),
});

/**
 * Agent ids double as usernames: letters, digits and `._-`, so they read well in a link and a log.
 * `system` and `assistant` are the server's and imported history's senders (a chat closed by
 * `system` is the server's doing): no agent may be called that, in any case.
 */
const username = z
  .string()
  .min(1)
  .max(limits.nameLength)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit')
  .refine((name) => !isReservedUserId(name), 'is reserved (`system` and `assistant` speak for the server and imported history)');
const roomName = text().trim().min(1, 'must not be empty').max(limits.nameLength);
const displayName = text().trim().min(1, 'must not be empty').max(limits.profileFieldLength);
const avatarUrl = z.string().max(2048).regex(/^https?:\/\/\S+$/i, 'an http or https URL');
const capacity = z.number().int().min(1).max(100);
/** New passwords: long enough not to be guessed in the login throttle's budget, short enough to hash cheaply. */
export const newPasswordSchema = text().min(8, 'at least 8 characters').max(1024);

/** `POST /v1/admin/agents`: a new agent, invited by a one-time link (no password travels). */
export const adminAgentCreateSchema = z.strictObject({
  username,
  name: displayName,
  rooms: z.array(roomName).max(50).default([]),
  capacity: capacity.optional(),
  avatarUrl: avatarUrl.optional(),
  admin: z.boolean().optional(),
});

/** `POST /v1/admin/agents/:id`: changes to an agent; `disabled: true` deactivates (sessions end). */
export const adminAgentUpdateSchema = z.strictObject({
  name: displayName.optional(),
  rooms: z.array(roomName).max(50).optional(),
  capacity: capacity.optional(),
  avatarUrl: avatarUrl.nullable().optional(),
  admin: z.boolean().optional(),
  disabled: z.boolean().optional(),
});

const roomFields = {
  welcome: text().trim().min(1).max(limits.welcomeLength).nullable().optional(),
  replyTime: z.enum(['minutes', 'hours', 'day']).nullable().optional(),
  hours: businessHoursSchema.nullable().optional(),
  /** One address or up to 20, as in `--room-settings`. */
  teamEmail: roomSettingsSchema.shape.teamEmail.unwrap().nullable().optional(),
};

/** `POST /v1/admin/rooms`. */
export const adminRoomCreateSchema = z.strictObject({ name: roomName, ...roomFields });
/** `POST /v1/admin/rooms/:room`: `null` clears a field. */
export const adminRoomUpdateSchema = z.strictObject(roomFields);

/** `POST /v1/agents/password-link`: the link's token and the password it sets. */
export const passwordLinkAcceptSchema = z.strictObject({
  token: z.string().min(16).max(256),
  password: newPasswordSchema,
  /** Setup links only: the first admin's username and name. */
  username: username.optional(),
  name: displayName.optional(),
});

/** `POST /v1/agents/me/password`: a signed-in agent changes their own password. */
export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: newPasswordSchema,
});

export type AdminAgentCreate = z.output<typeof adminAgentCreateSchema>;
export type AdminAgentUpdate = z.output<typeof adminAgentUpdateSchema>;
export type AdminRoomCreate = z.output<typeof adminRoomCreateSchema>;
export type AdminRoomUpdate = z.output<typeof adminRoomUpdateSchema>;
export type PasswordLinkAccept = z.output<typeof passwordLinkAcceptSchema>;
export type PasswordChange = z.output<typeof passwordChangeSchema>;
