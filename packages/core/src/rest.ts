import { ParleyError } from '@parley/protocol';
import type {
  CannedResponse,
  CannedResponseInput,
  ChatRating,
  ChatRatingInput,
  ChatRecordSummary,
  ChatTranscript,
  RatingSummary,
  RoomInfo,
  Session,
  User,
  VisitorSignup,
  VisitorUpdate,
} from '@parley/protocol';
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

/** `GET /v1/canned`: the agent's own canned responses and those of its rooms. */
export async function cannedResponses(url: string, token: string, options: RestOptions = {}): Promise<CannedResponse[]> {
  const { responses } = await request<{ responses: CannedResponse[] }>(`${trimSlash(url)}/v1/canned`, { method: 'GET', headers: bearer(token) }, options);
  return responses;
}

/** `POST /v1/canned` (new; with `room` shared by the room's agents) or `PUT /v1/canned/:id` (an edit). */
export async function saveCannedResponse(url: string, token: string, input: CannedResponseInput, id?: string, options: RestOptions = {}): Promise<CannedResponse> {
  const body = id === undefined ? input : { shortcut: input.shortcut, text: input.text };
  const path = id === undefined ? '/v1/canned' : `/v1/canned/${encodeURIComponent(id)}`;
  const init: RequestInit = { method: id === undefined ? 'POST' : 'PUT', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const { response } = await request<{ response: CannedResponse }>(`${trimSlash(url)}${path}`, init, options);
  return response;
}

/** `DELETE /v1/canned/:id`. */
export async function deleteCannedResponse(url: string, token: string, id: string, options: RestOptions = {}): Promise<void> {
  await request<unknown>(`${trimSlash(url)}/v1/canned/${encodeURIComponent(id)}`, { method: 'DELETE', headers: bearer(token) }, options);
}

/** The filters of `GET /v1/chats` (all optional): words, room, assignee, visitor, closing dates, rating. */
export interface ChatSearchFilters {
  q?: string;
  room?: string;
  agent?: string;
  visitor?: string;
  from?: string;
  to?: string;
  rating?: number;
  limit?: number;
  before?: string;
}

/** `GET /v1/chats`: closed chats of the agent's rooms, newest first, filtered. */
export async function searchChats(url: string, token: string, filters: ChatSearchFilters = {}, options: RestOptions = {}): Promise<ChatRecordSummary[]> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') query.set(key, String(value));
  const { chats } = await request<{ chats: ChatRecordSummary[] }>(`${trimSlash(url)}/v1/chats?${query}`, { method: 'GET', headers: bearer(token) }, options);
  return chats;
}

/** `GET /v1/chats/:chatId/transcript`: every message, the internal notes and the rating (agents only). */
export function chatTranscript(url: string, token: string, chatId: string, options: RestOptions = {}): Promise<ChatTranscript> {
  return request<ChatTranscript>(`${trimSlash(url)}/v1/chats/${encodeURIComponent(chatId)}/transcript`, { method: 'GET', headers: bearer(token) }, options);
}

/** `POST /v1/chats/:chatId/rating`: the visitor rates a closed chat, once (`conflict` after that). */
export async function rateChat(url: string, token: string, chatId: string, input: ChatRatingInput, options: RestOptions = {}): Promise<ChatRating> {
  const { rating } = await postJson<{ rating: ChatRating }>(url, `/v1/chats/${encodeURIComponent(chatId)}/rating`, input, options, token);
  return rating;
}

/** `GET /v1/ratings/summary`: CSAT per agent and per room of the agent's rooms. */
export function ratingSummary(url: string, token: string, options: RestOptions = {}): Promise<RatingSummary> {
  return request<RatingSummary>(`${trimSlash(url)}/v1/ratings/summary`, { method: 'GET', headers: bearer(token) }, options);
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function postJson<T>(url: string, path: string, body: unknown, options: RestOptions, bearer?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return request<T>(`${trimSlash(url)}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }, options);
}

/** One REST call: the JSON answer, or the server's error as a `ParleyError` (`disconnected` with no answer). */
export async function request<T>(url: string, init: RequestInit, options: RestOptions): Promise<T> {
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
