import { ParleyError } from '@parley/protocol';
import type { RoomInfo, Session, User, VisitorSignup, VisitorUpdate } from '@parley/protocol';
import { errorFromBody } from './errors';

export interface SignedIn {
  user: User;
  session: Session;
}

export interface RestOptions {
  /** A fetch to use instead of the global one (tests, proxies, polyfills). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** `POST /v1/users`: an anonymous visitor signs up and gets a session token. */
export function signUpVisitor(url: string, profile: VisitorSignup = {}, options: RestOptions = {}): Promise<SignedIn> {
  return postJson<SignedIn>(url, '/v1/users', profile, options);
}

/**
 * `POST /v1/users/me`: the signed-in visitor adds a host-minted identity token or page-given
 * attributes (`extraInfo`, merged). Rejects with `unauthorized` for a token the server does not
 * accept and `conflict` when the token names someone other than the visitor it already verified.
 */
export async function updateVisitor(url: string, token: string, update: VisitorUpdate, options: RestOptions = {}): Promise<User> {
  const { user } = await postJson<{ user: User }>(url, '/v1/users/me', update, options, token);
  return user;
}

/** `POST /v1/agents/login`; a wrong password rejects with `unauthorized`. */
export function loginAgent(url: string, credentials: { username: string; password: string }, options: RestOptions = {}): Promise<SignedIn> {
  return postJson<SignedIn>(url, '/v1/agents/login', credentials, options);
}

/**
 * `POST /v1/users/logout`: ends the session of `token` (a visitor's "end session", or an agent's log
 * out). Every server node refuses the token from then on, and its open sockets are disconnected with
 * `unauthorized`, which the client treats as "sign in again".
 */
export async function logOut(url: string, token: string, options: RestOptions = {}): Promise<void> {
  await request<unknown>(`${trimSlash(url)}/v1/users/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }, options);
}

/** `GET /v1/agents/available`: online agents per room (no auth), to offer chat or "leave a message". */
export async function availableAgents(url: string, rooms: readonly string[], options: RestOptions = {}): Promise<Record<string, number>> {
  const query = new URLSearchParams({ rooms: rooms.join(',') });
  const { agents } = await request<{ agents: Record<string, number> }>(`${trimSlash(url)}/v1/agents/available?${query}`, { method: 'GET' }, options);
  return agents;
}

/** `GET /v1/rooms/:room`: a room's welcome message and usual reply time (no auth). */
export async function roomInfo(url: string, room: string, options: RestOptions = {}): Promise<RoomInfo> {
  const answer = await request<{ room: RoomInfo }>(`${trimSlash(url)}/v1/rooms/${encodeURIComponent(room)}`, { method: 'GET' }, options);
  return answer.room;
}

/**
 * `POST /v1/chats/:chatId/transcript`: the chat's transcript e-mailed (queued) to `email`, or to the
 * visitor's contact address; resolves with where it goes. A member of the chat or an agent of its
 * room may ask; `forbidden` when the server sends no e-mail.
 */
export function requestTranscript(url: string, token: string, chatId: string, request: { email?: string } = {}, options: RestOptions = {}): Promise<{ queued: true; to: string }> {
  return postJson<{ queued: true; to: string }>(url, `/v1/chats/${encodeURIComponent(chatId)}/transcript`, request, options, token);
}

function postJson<T>(url: string, path: string, body: unknown, options: RestOptions, bearer?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return request<T>(`${trimSlash(url)}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }, options);
}

async function request<T>(url: string, init: RequestInit, options: RestOptions): Promise<T> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, options.signal ? { ...init, signal: options.signal } : init);
  } catch (error) {
    // The request never got an answer: the same code as a dropped socket.
    throw new ParleyError('disconnected', error instanceof Error ? error.message : 'network error');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) throw errorFromBody(body, response.status === 401 ? 'unauthorized' : 'internal', `HTTP ${response.status}`);
  return body as T;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
