import { randomBytes } from 'node:crypto';
import type { ChatEngine } from '@parley/engine';
import type {
  AdminAgent,
  AdminAgentCreate,
  AdminAgentUpdate,
  AdminRoom,
  AdminRoomCreate,
  AdminRoomUpdate,
  AuditEntry,
  PasswordLink,
  PasswordLinkPurpose,
  User,
} from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import { isOpenAt } from './businessHours';
import { hashPassword, verifyPassword } from './passwords';
import type { RoomDirectory } from './roomDirectory';
import type { AuditDraft, RoomRecord } from './store/adminTable';
import type { SqlStore } from './store/sqlStore';

/** How long each kind of one-time link stays good. */
export const linkLifetimeMs: Record<PasswordLinkPurpose, number> = {
  setup: 24 * 3600_000,
  invite: 7 * 24 * 3600_000,
  reset: 24 * 3600_000,
};

/** Who acts: an admin's user id, or `cli` / `setup` for the command line and the first-run link. */
export type AdminActor = string;

export interface AdministrationOptions {
  engine: ChatEngine;
  store: SqlStore;
  /** Rooms of the config and the database; absent for the command line, which has no node to update. */
  directory?: RoomDirectory;
  /** Tells every node that the rooms changed (the adapter's inter-node message). */
  roomsChanged?: () => void;
  /**
   * An agent's account changed (deactivated, enabled, made or no longer admin, created): every node
   * drops what its handshakes cached of the agent.
   */
  accountChanged?: (userId: string) => void;
  /** Resolves once this node's connections of the agent have finished bringing it online. */
  presenceSettled?: (userId: string) => Promise<void>;
  /** Ends every session of a deactivated agent on every node. */
  disconnect?: (userId: string) => void;
  /** Where people open links and the widget is served from, e.g. `https://chat.example.com`. */
  publicUrl: () => string;
  /** The server's clock (ms): business hours and link expiry; a manual clock in tests. */
  now?: () => number;
}

/** Issue 16's administration, shared by the REST routes and the command line. Every change is audited. */
export interface Administration {
  /** `forbidden` unless `userId` is an agent marked admin and not deactivated. */
  requireAdmin(userId: string): Promise<void>;
  isAdmin(userId: string): Promise<boolean>;
  isDisabled(userId: string): Promise<boolean>;
  /** The rooms an agent is assigned to (none for an unknown id). */
  roomsOf(userId: string): Promise<string[]>;
  listAgents(): Promise<AdminAgent[]>;
  createAgent(actor: AdminActor, input: AdminAgentCreate): Promise<{ agent: AdminAgent; link: PasswordLink }>;
  updateAgent(actor: AdminActor, id: string, changes: AdminAgentUpdate): Promise<AdminAgent>;
  /** A one-time link that sets a new password; the old password keeps working until it is used. */
  resetPassword(actor: AdminActor, id: string): Promise<PasswordLink>;
  listRooms(): Promise<AdminRoom[]>;
  createRoom(actor: AdminActor, input: AdminRoomCreate): Promise<AdminRoom>;
  updateRoom(actor: AdminActor, name: string, changes: AdminRoomUpdate): Promise<AdminRoom>;
  auditLog(limit: number, before?: number): Promise<AuditEntry[]>;
  /** Audits an admin action done outside this module (webhook targets added and removed), in the same log. */
  record(entry: AuditDraft): Promise<void>;
  /** A first-run link, or `undefined` when an admin exists already. */
  setupLinkIfNoAdmin(): Promise<PasswordLink | undefined>;
  /** What a link is for, without using it (the console shows the right form). */
  peekLink(token: string): Promise<{ purpose: PasswordLinkPurpose; user?: User }>;
  /** Uses the link: sets the password (and, for setup, creates the first admin). Returns who signs in. */
  acceptLink(input: { token: string; password: string; username?: string | undefined; name?: string | undefined }): Promise<User>;
  changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void>;
  /** The script tag for a room's widget. */
  snippet(room: string): string;
  /** Whether a room is within its business hours now (true without hours). */
  isOpen(hours: RoomRecord['hours']): boolean;
}

export function createAdministration(options: AdministrationOptions): Administration {
  const { engine, store, directory } = options;
  const table = store.admin;
  const now = () => new Date((options.now ?? Date.now)());
  const iso = () => now().toISOString();

  const audit = (entry: AuditDraft) => table.audit(entry, iso());

  async function describe(id: string): Promise<AdminAgent> {
    const listing = (await table.listAgents()).find((agent) => agent.userId === id);
    const user = await engine.getUser(id);
    if (!listing || !user || user.role !== 'agent') throw new ParleyError('not_found', `agent ${id} does not exist`);
    return toAdminAgent(user, listing);
  }

  function toAdminAgent(user: User, listing: Awaited<ReturnType<typeof table.listAgents>>[number]): AdminAgent {
    return {
      user,
      ...(listing.username !== undefined && { username: listing.username }),
      rooms: listing.rooms,
      capacity: listing.capacity,
      admin: listing.admin,
      disabled: listing.disabled,
      hasPassword: listing.username !== undefined,
    };
  }

  async function newLink(purpose: PasswordLinkPurpose, userId: string | undefined): Promise<PasswordLink> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now().getTime() + linkLifetimeMs[purpose]).toISOString();
    await table.createLink(token, purpose, userId, expiresAt);
    return { token, purpose, expiresAt, url: `${options.publicUrl()}/console/#link=${token}` };
  }

  function toAdminRoom(name: string, settings: Omit<RoomRecord, 'name'> | undefined, source: AdminRoom['source']): AdminRoom {
    return { name, ...settings, open: administration.isOpen(settings?.hours), source, snippet: administration.snippet(name) };
  }

  /**
   * A deactivated agent never answers again: each chat they are the assignee of is handed back to its
   * room as they would hand it over themselves (`chats:assign` by the assignee: they leave, the visitor
   * is told, the chat is queued and offered to the room's other agents). Events go out as any command's.
   */
  async function handBackChats(id: string): Promise<void> {
    const actor = { id, role: 'agent' as const };
    const listed = await engine.execute(actor, 'users:chats', { userId: id });
    if (!listed.ok) return;
    for (const chat of listed.data.chats) {
      if (chat.status !== 'active' || chat.assignee !== id) continue;
      // One chat's refusal (closed meanwhile, a transfer under way) leaves the others to be handed back.
      await engine.execute(actor, 'chats:assign', { chatId: chat.id });
    }
  }

  async function roomsChanged(): Promise<void> {
    await directory?.refresh();
    options.roomsChanged?.();
  }

  const administration: Administration = {
    async requireAdmin(userId) {
      if (!(await administration.isAdmin(userId))) throw new ParleyError('forbidden', 'only admins may do this');
    },
    async isAdmin(userId) {
      const flags = await table.accountFlags(userId);
      return flags.admin && !flags.disabled;
    },
    async isDisabled(userId) {
      return (await table.accountFlags(userId)).disabled;
    },
    async roomsOf(userId) {
      const profile = await store.transaction((tx) => tx.getAgentProfile(userId));
      return profile?.rooms ?? [];
    },
    async listAgents() {
      const listings = await table.listAgents();
      const agents: AdminAgent[] = [];
      for (const listing of listings) {
        const user = await engine.getUser(listing.userId);
        if (user) agents.push(toAdminAgent(user, listing));
      }
      return agents;
    },
    async createAgent(actor, input) {
      const existing = await engine.getUser(input.username);
      if (existing) throw new ParleyError('conflict', `${input.username} exists already`);
      await engine.registerAgent({
        id: input.username,
        name: input.name,
        rooms: input.rooms,
        status: 'offline',
        ...(input.capacity !== undefined && { capacity: input.capacity }),
        ...(input.avatarUrl !== undefined && { avatarUrl: input.avatarUrl }),
      });
      await table.setAccountFlags(input.username, { admin: input.admin ?? false, disabled: false });
      options.accountChanged?.(input.username);
      const link = await newLink('invite', input.username);
      const { username, ...details } = input;
      await audit({ actor, action: 'agent.create', target: username, details });
      return { agent: await describe(input.username), link };
    },
    async updateAgent(actor, id, changes) {
      const current = await describe(id);
      if (changes.admin === false && current.admin && actor === id) {
        // The last way back in would otherwise be the database itself.
        throw new ParleyError('conflict', 'admins cannot take their own admin role away');
      }
      if (changes.disabled === true && actor === id) throw new ParleyError('conflict', 'admins cannot deactivate themselves');
      const { user } = current;
      const avatarUrl = changes.avatarUrl === null ? undefined : (changes.avatarUrl ?? user.avatarUrl);
      if (changes.admin !== undefined || changes.disabled !== undefined) {
        // Marked deactivated before the status is set offline below: a connection bringing the agent
        // online in between reads the mark after its own write and takes it back (see presence.ts).
        await table.setAccountFlags(id, {
          ...(changes.admin !== undefined && { admin: changes.admin }),
          ...(changes.disabled !== undefined && { disabled: changes.disabled }),
        });
        // Before the sockets are dropped (both travel the adapter's one channel, in order): their
        // reconnects, on any node, find the account as it is now.
        options.accountChanged?.(id);
      }
      // This node's "online" writes under way land first, so the answer below reads "offline".
      if (changes.disabled === true) await options.presenceSettled?.(id);
      await engine.registerAgent({
        id,
        name: changes.name ?? user.name,
        rooms: changes.rooms ?? current.rooms,
        capacity: changes.capacity ?? current.capacity,
        ...(user.nickname !== undefined && { nickname: user.nickname }),
        ...(avatarUrl !== undefined && { avatarUrl }),
        // A deactivated agent is offline at once: no chat is routed to them any more.
        ...(changes.disabled === true && { status: 'offline' as const }),
      });
      if (changes.disabled === true) {
        await table.dropLinksOf(id);
        options.disconnect?.(id);
        await handBackChats(id);
      }
      const action = changes.disabled === true ? 'agent.disable' : changes.disabled === false ? 'agent.enable' : 'agent.update';
      await audit({ actor, action, target: id, details: { ...changes } });
      return describe(id);
    },
    async resetPassword(actor, id) {
      const agent = await describe(id);
      if (agent.disabled) throw new ParleyError('conflict', `${id} is deactivated`);
      await table.dropLinksOf(id);
      const link = await newLink('reset', id);
      await audit({ actor, action: 'agent.password_reset', target: id });
      return link;
    },
    async listRooms() {
      const stored = await table.listRooms();
      const rooms = stored.map(({ name, ...settings }) => toAdminRoom(name, settings, 'database'));
      const configured = (directory?.configRooms() ?? []).filter((name) => !stored.some((room) => room.name === name));
      for (const name of configured) rooms.push(toAdminRoom(name, directory?.settingsOf(name), 'config'));
      return rooms.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async createRoom(actor, input) {
      if (directory?.configRooms().includes(input.name)) throw new ParleyError('conflict', `room ${input.name} is configured on the command line`);
      const room = roomRecord(input.name, input);
      if (!(await table.insertRoom(room, iso()))) throw new ParleyError('conflict', `room ${input.name} exists already`);
      await audit({ actor, action: 'room.create', target: input.name, details: { ...input } });
      await roomsChanged();
      return toAdminRoom(room.name, room, 'database');
    },
    async updateRoom(actor, name, changes) {
      const current = await table.getRoom(name);
      if (!current) {
        const configured = directory?.configRooms().includes(name);
        throw new ParleyError(configured ? 'conflict' : 'not_found', configured ? `room ${name} is configured on the command line` : `room ${name} does not exist`);
      }
      const merged = roomRecord(name, {
        welcome: changes.welcome === undefined ? current.welcome : changes.welcome,
        replyTime: changes.replyTime === undefined ? current.replyTime : changes.replyTime,
        hours: changes.hours === undefined ? current.hours : changes.hours,
        teamEmail: changes.teamEmail === undefined ? current.teamEmail : changes.teamEmail,
      });
      await table.updateRoom(merged, iso());
      await audit({ actor, action: 'room.update', target: name, details: { ...changes } });
      await roomsChanged();
      return toAdminRoom(name, merged, 'database');
    },
    auditLog: (limit, before) => table.auditLog(limit, before),
    record: (entry) => audit(entry),
    async setupLinkIfNoAdmin() {
      if (await table.hasAdmin()) return undefined;
      return newLink('setup', undefined);
    },
    async peekLink(token) {
      const link = await table.peekLink(token, iso());
      if (!link) throw new ParleyError('not_found', 'this link is unknown, used or expired');
      const user = link.userId === undefined ? undefined : await engine.getUser(link.userId);
      return { purpose: link.purpose, ...(user && { user }) };
    },
    async acceptLink({ token, password, username, name }) {
      const peeked = await table.peekLink(token, iso());
      if (!peeked) throw new ParleyError('not_found', 'this link is unknown, used or expired');
      if (peeked.purpose === 'setup') {
        if (username === undefined || name === undefined) throw new ParleyError('invalid_payload', 'username and name: the first admin needs both');
        if (await table.hasAdmin()) throw new ParleyError('conflict', 'an admin exists already');
        if (await engine.getUser(username)) throw new ParleyError('conflict', `${username} exists already`);
      }
      const hash = await hashPassword(password);
      // Used up only now that the input is known good: a typo in the form does not burn the link.
      const link = await table.consumeLink(token, iso());
      if (!link) throw new ParleyError('not_found', 'this link is unknown, used or expired');
      if (link.purpose === 'setup') {
        const user = await engine.registerAgent({ id: username!, name: name!, rooms: [], status: 'offline' });
        await table.setAccountFlags(user.id, { admin: true, disabled: false });
        options.accountChanged?.(user.id);
        await store.putCredentials(user.id, user.id, hash);
        await audit({ actor: 'setup', action: 'admin.setup', target: user.id, details: { name } });
        return user;
      }
      const userId = link.userId!;
      if (await administration.isDisabled(userId)) throw new ParleyError('forbidden', 'this account is deactivated');
      const user = await engine.getUser(userId);
      if (!user) throw new ParleyError('not_found', 'this link is unknown, used or expired');
      await store.putCredentials(userId, userId, hash);
      await audit({ actor: userId, action: link.purpose === 'invite' ? 'agent.invite_accepted' : 'agent.password_set', target: userId });
      return user;
    },
    async changePassword(userId, currentPassword, newPassword) {
      const credentials = await store.getCredentials(userId);
      if (!credentials || !(await verifyPassword(currentPassword, credentials.passwordHash))) {
        throw new ParleyError('forbidden', 'the current password is wrong');
      }
      await store.putCredentials(userId, userId, await hashPassword(newPassword));
      await audit({ actor: userId, action: 'agent.password_change', target: userId });
    },
    snippet(room) {
      const attribute = room.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      return `<script src="${options.publicUrl()}/widget/parley-widget.js" data-room="${attribute}" async></script>`;
    },
    isOpen(hours) {
      return hours === undefined || isOpenAt(hours, now());
    },
  };
  return administration;
}

function roomRecord(
  name: string,
  fields: { welcome?: string | null | undefined; replyTime?: RoomRecord['replyTime'] | null; hours?: RoomRecord['hours'] | null; teamEmail?: RoomRecord['teamEmail'] | null },
): RoomRecord {
  return {
    name,
    ...(fields.teamEmail != null && { teamEmail: fields.teamEmail }),
    ...(fields.welcome != null && { welcome: fields.welcome }),
    ...(fields.replyTime != null && { replyTime: fields.replyTime }),
    ...(fields.hours != null && { hours: fields.hours }),
  };
}
