import type {
  AdminAgent,
  AdminAgentCreate,
  AdminAgentUpdate,
  AdminRoom,
  AdminRoomCreate,
  AdminRoomUpdate,
  AuditEntry,
  ErrorPayload,
  PasswordLink,
  PasswordLinkPurpose,
  User,
} from '@parley/protocol';
import { ParleyError } from '@parley/protocol';

/**
 * The console's side of the administration REST routes (docs/protocol.md §1): one object, so the
 * pages and their stories take a stub instead of a server. The server authorizes every call; the
 * console only hides what the agent may not use.
 */
export interface AdminApi {
  /** The signed-in agent, whether they administer, and the rooms they are assigned to. */
  me(): Promise<{ user: User; admin: boolean; rooms: string[] }>;
  agents(): Promise<AdminAgent[]>;
  createAgent(input: AdminAgentCreate): Promise<{ agent: AdminAgent; link: PasswordLink }>;
  updateAgent(id: string, changes: AdminAgentUpdate): Promise<AdminAgent>;
  resetPassword(id: string): Promise<PasswordLink>;
  rooms(): Promise<AdminRoom[]>;
  createRoom(input: AdminRoomCreate): Promise<AdminRoom>;
  updateRoom(name: string, changes: AdminRoomUpdate): Promise<AdminRoom>;
  audit(): Promise<AuditEntry[]>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

/** The public half: what a one-time link is for, and setting the password with it. */
export interface PasswordLinkApi {
  peek(token: string): Promise<{ purpose: PasswordLinkPurpose; user?: User }>;
  accept(input: { token: string; password: string; username?: string; name?: string }): Promise<void>;
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ParleyError('disconnected', 'the server cannot be reached');
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { error?: ErrorPayload };
  if (!response.ok) throw new ParleyError(body.error?.code ?? 'internal', body.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

/** `AdminApi` over `fetch`, with the agent's bearer token. */
export function createAdminApi(server: string, token: string): AdminApi {
  const base = server.replace(/\/+$/, '');
  const get = <T,>(path: string) => request<T>(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const post = <T,>(path: string, body: unknown) =>
    request<T>(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return {
    me: () => get('/v1/agents/me'),
    agents: async () => (await get<{ agents: AdminAgent[] }>('/v1/admin/agents')).agents,
    createAgent: (input) => post('/v1/admin/agents', input),
    updateAgent: async (id, changes) => (await post<{ agent: AdminAgent }>(`/v1/admin/agents/${encodeURIComponent(id)}`, changes)).agent,
    resetPassword: async (id) => (await post<{ link: PasswordLink }>(`/v1/admin/agents/${encodeURIComponent(id)}/password-reset`, {})).link,
    rooms: async () => (await get<{ rooms: AdminRoom[] }>('/v1/admin/rooms')).rooms,
    createRoom: async (input) => (await post<{ room: AdminRoom }>('/v1/admin/rooms', input)).room,
    updateRoom: async (name, changes) => (await post<{ room: AdminRoom }>(`/v1/admin/rooms/${encodeURIComponent(name)}`, changes)).room,
    audit: async () => (await get<{ entries: AuditEntry[] }>('/v1/admin/audit')).entries,
    changePassword: (currentPassword, newPassword) => post('/v1/agents/me/password', { currentPassword, newPassword }),
  };
}

/** `PasswordLinkApi` over `fetch`. */
export function createPasswordLinkApi(server: string): PasswordLinkApi {
  const base = server.replace(/\/+$/, '');
  return {
    peek: (token) => request(`${base}/v1/agents/password-link?token=${encodeURIComponent(token)}`, {}),
    accept: async (input) => {
      await request(`${base}/v1/agents/password-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    },
  };
}

/** The token of a one-time link in the console's address (`#link=<token>`), if any. */
export function linkTokenFrom(hash: string): string | undefined {
  const match = /(?:^#|&)link=([\w-]{16,256})/.exec(hash);
  return match?.[1];
}
