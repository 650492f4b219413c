import { createHash } from 'node:crypto';
import type { AuditEntry, BusinessHours, PasswordLinkPurpose, ReplyTime } from '@parley/protocol';
import type { SqlClient } from './sqlClient';

/** What an admin keeps about an agent beyond the engine's user and profile. */
export interface AgentAccountFlags {
  admin: boolean;
  disabled: boolean;
}

/** A room created by an admin (issue 16). */
export interface RoomRecord {
  name: string;
  welcome?: string;
  replyTime?: ReplyTime;
  hours?: BusinessHours;
  /** Where offline messages of the room are e-mailed (migration 11); never shown to visitors. */
  teamEmail?: string | string[];
}

export interface AuditDraft {
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/** The administration's tables (migration 7): account flags, rooms, one-time links, audit log. */
export interface AdminTable {
  accountFlags(userId: string): Promise<AgentAccountFlags>;
  allAccountFlags(): Promise<Map<string, AgentAccountFlags>>;
  setAccountFlags(userId: string, flags: Partial<AgentAccountFlags>): Promise<void>;
  /** Whether any agent may administer: without one, the server offers a first-run setup link. */
  hasAdmin(): Promise<boolean>;
  /** Every agent with its profile, login and flags, by id. */
  listAgents(): Promise<AgentListing[]>;
  listRooms(): Promise<RoomRecord[]>;
  getRoom(name: string): Promise<RoomRecord | undefined>;
  /** Inserts, or `false` when a room of that name exists. */
  insertRoom(room: RoomRecord, now: string): Promise<boolean>;
  updateRoom(room: RoomRecord, now: string): Promise<void>;
  /** Keeps a hash of `token`; the link is good until `expiresAt`, once. */
  createLink(token: string, purpose: PasswordLinkPurpose, userId: string | undefined, expiresAt: string): Promise<void>;
  /** The link if it is unused and unexpired (without using it up). */
  peekLink(token: string, now: string): Promise<{ purpose: PasswordLinkPurpose; userId?: string } | undefined>;
  /** Uses the link up: the first caller gets it, every later one (and an expired link) `undefined`. */
  consumeLink(token: string, now: string): Promise<{ purpose: PasswordLinkPurpose; userId?: string } | undefined>;
  /** Ends the unused links of a user (a new reset link replaces the old). */
  dropLinksOf(userId: string): Promise<void>;
  audit(entry: AuditDraft, now: string): Promise<void>;
  /** Newest first; `before` pages back by id. */
  auditLog(limit: number, before?: number): Promise<AuditEntry[]>;
}

/** One agent as `listAgents` reads it: the user's id and the administration's view of it. */
export interface AgentListing {
  userId: string;
  username?: string;
  rooms: string[];
  capacity: number;
  admin: boolean;
  disabled: boolean;
}

interface RoomRow {
  name: string;
  welcome: string | null;
  reply_time: ReplyTime | null;
  hours: BusinessHours | null;
  team_email: string | null;
}

interface AuditRow {
  id: string | number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown> | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toRoom(row: RoomRow): RoomRecord {
  return {
    name: row.name,
    ...(row.welcome !== null && { welcome: row.welcome }),
    ...(row.reply_time !== null && { replyTime: row.reply_time }),
    ...(row.hours !== null && { hours: row.hours }),
    ...(row.team_email !== null && { teamEmail: JSON.parse(row.team_email) as string | string[] }),
  };
}

/** One address or several, kept as JSON text so the shape the admin gave comes back. */
function teamEmailColumn(room: RoomRecord): string | null {
  return room.teamEmail === undefined ? null : JSON.stringify(room.teamEmail);
}

function toLink(row: { purpose: PasswordLinkPurpose; user_id: string | null } | undefined) {
  return row && { purpose: row.purpose, ...(row.user_id !== null && { userId: row.user_id }) };
}

export function createAdminTable(client: SqlClient): AdminTable {
  return {
    async accountFlags(userId) {
      const [row] = await client.query<AgentAccountFlags>('SELECT admin, disabled FROM agent_accounts WHERE user_id = $1', [userId]);
      return { admin: row?.admin ?? false, disabled: row?.disabled ?? false };
    },
    async allAccountFlags() {
      const rows = await client.query<AgentAccountFlags & { user_id: string }>('SELECT user_id, admin, disabled FROM agent_accounts');
      return new Map(rows.map((row) => [row.user_id, { admin: row.admin, disabled: row.disabled }]));
    },
    async setAccountFlags(userId, flags) {
      await client.query(
        `INSERT INTO agent_accounts (user_id, admin, disabled) VALUES ($1, coalesce($2, false), coalesce($3, false))
         ON CONFLICT (user_id) DO UPDATE SET admin = coalesce($2, agent_accounts.admin), disabled = coalesce($3, agent_accounts.disabled)`,
        [userId, flags.admin ?? null, flags.disabled ?? null],
      );
    },
    async hasAdmin() {
      const rows = await client.query('SELECT 1 FROM agent_accounts WHERE admin AND NOT disabled LIMIT 1');
      return rows.length > 0;
    },
    async listAgents() {
      const rows = await client.query<{
        id: string;
        rooms: string[] | null;
        capacity: number | null;
        username: string | null;
        admin: boolean | null;
        disabled: boolean | null;
      }>(
        `SELECT u.id, p.rooms, p.capacity, c.username, a.admin, a.disabled FROM users u
         LEFT JOIN agent_profiles p ON p.user_id = u.id
         LEFT JOIN agent_credentials c ON c.user_id = u.id
         LEFT JOIN agent_accounts a ON a.user_id = u.id
         WHERE u.role = 'agent' ORDER BY u.id`,
      );
      return rows.map((row) => ({
        userId: row.id,
        ...(row.username !== null && { username: row.username }),
        rooms: row.rooms ?? [],
        capacity: row.capacity ?? 3,
        admin: row.admin ?? false,
        disabled: row.disabled ?? false,
      }));
    },
    async listRooms() {
      return (await client.query<RoomRow>('SELECT name, welcome, reply_time, hours, team_email FROM rooms ORDER BY name')).map(toRoom);
    },
    async getRoom(name) {
      const [row] = await client.query<RoomRow>('SELECT name, welcome, reply_time, hours, team_email FROM rooms WHERE name = $1', [name]);
      return row && toRoom(row);
    },
    async insertRoom(room, now) {
      const rows = await client.query(
        `INSERT INTO rooms (name, welcome, reply_time, hours, created_at, updated_at, team_email) VALUES ($1, $2, $3, $4::jsonb, $5, $5, $6)
         ON CONFLICT (name) DO NOTHING RETURNING name`,
        [room.name, room.welcome ?? null, room.replyTime ?? null, room.hours ? JSON.stringify(room.hours) : null, now, teamEmailColumn(room)],
      );
      return rows.length > 0;
    },
    async updateRoom(room, now) {
      await client.query('UPDATE rooms SET welcome = $2, reply_time = $3, hours = $4::jsonb, updated_at = $5, team_email = $6 WHERE name = $1', [
        room.name,
        room.welcome ?? null,
        room.replyTime ?? null,
        room.hours ? JSON.stringify(room.hours) : null,
        now,
        teamEmailColumn(room),
      ]);
    },
    async createLink(token, purpose, userId, expiresAt) {
      await client.query('INSERT INTO password_links (token_hash, purpose, user_id, expires_at) VALUES ($1, $2, $3, $4)', [
        hashToken(token),
        purpose,
        userId ?? null,
        expiresAt,
      ]);
    },
    async peekLink(token, now) {
      const [row] = await client.query<{ purpose: PasswordLinkPurpose; user_id: string | null }>(
        'SELECT purpose, user_id FROM password_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2',
        [hashToken(token), now],
      );
      return toLink(row);
    },
    async consumeLink(token, now) {
      // One UPDATE … RETURNING: two nodes accepting the same link at once cannot both win.
      const [row] = await client.query<{ purpose: PasswordLinkPurpose; user_id: string | null }>(
        `UPDATE password_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING purpose, user_id`,
        [hashToken(token), now],
      );
      return toLink(row);
    },
    async dropLinksOf(userId) {
      await client.query('DELETE FROM password_links WHERE user_id = $1 AND used_at IS NULL', [userId]);
    },
    async audit(entry, now) {
      await client.query('INSERT INTO audit_log (at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb)', [
        now,
        entry.actor,
        entry.action,
        entry.target,
        entry.details ? JSON.stringify(entry.details) : null,
      ]);
    },
    async auditLog(limit, before) {
      const rows = await client.query<AuditRow>(
        `SELECT id, at, actor, action, target, details FROM audit_log WHERE ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $1`,
        [limit, before ?? null],
      );
      return rows.map((row) => ({
        id: Number(row.id),
        at: row.at,
        actor: row.actor,
        action: row.action,
        target: row.target,
        ...(row.details !== null && { details: row.details }),
      }));
    },
  };
}
