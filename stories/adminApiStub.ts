import type { AdminAgent, AdminRoom, AuditEntry, CannedResponse, CannedResponseInput } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import { fn } from 'storybook/test';
import type { AdminApi, PasswordLinkApi } from '../packages/console/src/admin/adminApi';
import type { RecordsApi } from '../packages/console/src/records';

// The console's administration pages against a stub of the REST routes: what a small desk looks like.
export const adminAgents: AdminAgent[] = [
  { user: { id: 'boss', role: 'agent', name: 'Bo Boss', status: 'online' }, username: 'boss', rooms: ['support'], capacity: 5, admin: true, disabled: false, hasPassword: true },
  { user: { id: 'ada', role: 'agent', name: 'Ada Agent', status: 'away' }, username: 'ada', rooms: ['support', 'sales'], capacity: 3, admin: false, disabled: false, hasPassword: true },
  { user: { id: 'cleo', role: 'agent', name: 'Cleo New', status: 'offline' }, rooms: ['sales'], capacity: 2, admin: false, disabled: false, hasPassword: false },
  { user: { id: 'dan', role: 'agent', name: 'Dan Former', status: 'offline' }, username: 'dan', rooms: [], capacity: 3, admin: false, disabled: true, hasPassword: true },
];

const snippet = (room: string) => `<script src="https://chat.example.com/widget/parley-widget.js" data-room="${room}" async></script>`;

export const adminRooms: AdminRoom[] = [
  {
    name: 'sales',
    welcome: 'Questions about plans? **Ask us.**',
    replyTime: 'hours',
    hours: { timeZone: 'Europe/Berlin', weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day: day as 'mon', open: '09:00', close: '17:00' })) },
    open: false,
    source: 'database',
    teamEmail: ['sales@example.com', 'lead@example.com'],
    snippet: snippet('sales'),
  },
  { name: 'support', welcome: 'Hi! How can we help?', replyTime: 'minutes', open: true, source: 'config', snippet: snippet('support') },
];

export const auditEntries: AuditEntry[] = [
  { id: 3, at: '2026-11-26T10:05:00.000Z', actor: 'boss', action: 'room.update', target: 'sales', details: { replyTime: 'hours' } },
  { id: 2, at: '2026-11-26T10:01:00.000Z', actor: 'boss', action: 'agent.create', target: 'cleo', details: { name: 'Cleo New', rooms: ['sales'] } },
  { id: 1, at: '2026-11-26T09:58:00.000Z', actor: 'setup', action: 'admin.setup', target: 'boss' },
];

const link = { token: 'x'.repeat(32), purpose: 'invite' as const, expiresAt: '2026-12-03T10:00:00.000Z', url: `https://chat.example.com/console/#link=${'x'.repeat(32)}` };

export function adminApiStub(): AdminApi {
  return {
    me: fn(async () => ({ user: adminAgents[0]!.user, admin: true, rooms: adminAgents[0]!.rooms })),
    agents: fn(async () => adminAgents),
    createAgent: fn(async (input) => ({ agent: { ...adminAgents[2]!, user: { ...adminAgents[2]!.user, id: input.username, name: input.name } }, link })),
    updateAgent: fn(async (id) => adminAgents.find((agent) => agent.user.id === id)!),
    resetPassword: fn(async () => ({ ...link, purpose: 'reset' as const })),
    rooms: fn(async () => adminRooms),
    createRoom: fn(async (input) => ({ name: input.name, open: true, source: 'database' as const, snippet: snippet(input.name) })),
    updateRoom: fn(async (name) => adminRooms.find((room) => room.name === name)!),
    audit: fn(async () => auditEntries),
    changePassword: fn(async () => undefined),
  };
}

export function passwordLinkStub(purpose: 'setup' | 'invite' | 'reset' | 'used'): PasswordLinkApi {
  return {
    peek: fn(async () => {
      if (purpose === 'used') throw new Error('not_found');
      return purpose === 'setup' ? { purpose } : { purpose, user: adminAgents[2]!.user };
    }),
    accept: fn(async () => undefined),
  };
}

export const cannedList: CannedResponse[] = [
  { id: 'c1', shortcut: 'hello', text: 'Hi {{visitor.name}}, I am {{agent.name}}. How can I help?', owner: 'ada', updatedAt: '2026-11-26T09:00:00.000Z' },
  { id: 'c2', shortcut: 'refund', text: 'Refunds in {{room}} take five working days.', room: 'sales', updatedAt: '2026-11-26T09:10:00.000Z' },
];

/** The canned-response routes over an in-memory list; a shortcut in use is refused, as the server does. */
export function cannedRecordsStub(): Pick<RecordsApi, 'canned' | 'saveCanned' | 'deleteCanned'> {
  let rows = [...cannedList];
  return {
    canned: fn(async () => [...rows]),
    saveCanned: fn(async (input: CannedResponseInput, id?: string) => {
      if (rows.some((row) => row.shortcut === input.shortcut && row.id !== id)) throw new ParleyError('conflict', `the shortcut /${input.shortcut} is taken`);
      const old = rows.find((row) => row.id === id);
      const saved: CannedResponse = old
        ? { ...old, shortcut: input.shortcut, text: input.text }
        : { id: `c${rows.length + 10}`, shortcut: input.shortcut, text: input.text, updatedAt: '2026-11-26T10:00:00.000Z', ...(input.room ? { room: input.room } : { owner: 'ada' }) };
      rows = old ? rows.map((row) => (row.id === id ? saved : row)) : [...rows, saved];
      return saved;
    }),
    deleteCanned: fn(async (id: string) => {
      rows = rows.filter((row) => row.id !== id);
    }),
  };
}
