import type { BusinessHours } from './admin';
/** The data shapes of PROTOCOL.md §3, as they travel on the wire. Timestamps are ISO 8601 strings. */

export type UserRole = 'user' | 'agent';
export type AgentStatus = 'online' | 'away' | 'offline';

/** Free-form facts a host page passes about its visitor (plan, page, order id …). */
export type ExtraInfo = Record<string, string | number | boolean | null>;

export interface User {
  id: string;
  role: UserRole;
  name: string;
  nickname?: string;
  contact?: string;
  extraInfo?: ExtraInfo;
  /** Agents only. */
  status?: AgentStatus;
  /** Agents only: a photo (http or https URL) shown as their avatar; initials otherwise. */
  avatarUrl?: string;
  /**
   * Visitors only: who the host site vouches this visitor is, from an identity token its backend
   * signed (docs/protocol.md §1). Absent for anonymous visitors. `name`, `contact` and `extraInfo`
   * are what the page said and stay unverified either way.
   */
  verified?: VerifiedIdentity;
}

/** The claims of a host-minted identity token, as the server verified them. */
export interface VerifiedIdentity {
  /** The host's own id for the person (the token's `sub`). */
  id: string;
  name?: string;
  email?: string;
}

/** `waiting`: in (or out of) the queue; `offered`: an agent is invited; `active`: an agent joined. */
export type ChatStatus = 'waiting' | 'offered' | 'active' | 'closed';

export interface Chat {
  id: string;
  room: string;
  source: string;
  lang: string;
  creator: string;
  status: ChatStatus;
  /** The agent the chat is assigned to, once one accepted or joined. */
  assignee?: string;
  /** Ids of the chat's members: its creator and the agents who joined. */
  users: string[];
  createdAt: string;
  closedAt?: string;
  /** A user id, or `system` when the server closed it. */
  closedBy?: string;
  /** The highest message `seq` in the chat (0 when empty). */
  lastSeq: number;
  /** Set while the assignee hands the chat over (`chats:transfer`): it stays theirs until accepted. */
  transfer?: ChatTransfer;
  /** What the visitor's page and browser said when the chat started (the widget sends it). */
  context?: VisitorContext;
  /**
   * How the chat began, when not as a live conversation; absent for one. Set by the server, never by
   * a client (docs/protocol.md §3); a client that does not know a value treats the chat as live.
   */
  origin?: ChatOrigin;
}

/**
 * `offline-message`: the visitor wrote while nobody of the room was online (the widget's "leave a
 * message" form). The room's team was e-mailed, and agents' replies reach the visitor by e-mail as
 * well as in the widget (docs/protocol.md §8).
 */
export type ChatOrigin = 'offline-message';

/**
 * The visitor's surroundings as the widget saw them on `chats:create`: all of it said by the page,
 * none of it verified. Shown to agents beside the chat.
 */
export interface VisitorContext {
  /** The page the chat started on. */
  url?: string;
  title?: string;
  referrer?: string;
  /** Parsed from the user agent, e.g. `Firefox 128`. */
  browser?: string;
  /** Parsed from the user agent, e.g. `Windows 10`. */
  os?: string;
  /** The browser's language, e.g. `de-CH`. */
  language?: string;
  /** IANA time zone, e.g. `Europe/Zurich`. */
  timeZone?: string;
  /** Minutes ahead of UTC at the start (e.g. 60 for UTC+1): the visitor's local time is now plus this. */
  utcOffset?: number;
}

/**
 * A transfer being offered. The chat stays `active` with its assignee; when a colleague accepts, the
 * assignee leaves and the chat moves to `room`; when nobody does, the transfer ends and it stays.
 */
export interface ChatTransfer {
  /** The agent handing the chat over (its assignee until the transfer is accepted). */
  from: string;
  /** The room the chat moves to. */
  room: string;
  /** The colleague named in `chats:transfer`; absent when the room's agents are offered it in turn. */
  agentId?: string;
}

/** One room an agent may transfer a chat to (`transfer:targets`). */
export interface TransferRoom {
  room: string;
  /** Colleagues of the room online with a free slot (the caller not counted). */
  available: number;
}

/** One online colleague an agent may transfer a chat to (`transfer:targets`). */
export interface TransferAgent {
  user: User;
  rooms: string[];
  /** Online with a free slot: offering them the chat is possible now. */
  available: boolean;
}

/** `chats:get` answers with these extras when asked for them in `fields`. */
export interface ChatDetails extends Omit<Chat, 'users'> {
  users: string[] | User[];
  /**
   * With `users`: people who took part and are members no more (an agent who handed the chat over or
   * transferred it), as Users, so what they wrote keeps their names. For agents, the writers of
   * internal notes too.
   */
  formerUsers?: User[];
  watchers?: User[];
  /** The latest messages (at most `limits.chatHistoryPage`), ascending by seq. */
  history?: Message[];
  /** Per member: the highest seq they read (members who read nothing yet are absent). */
  reads?: Record<string, number>;
  /** Set when older messages than `history` exist: page back with `messages:list { beforeSeq }`. */
  hasMoreHistory?: true;
  /**
   * With `presence` (agents only): whether a socket of the chat's visitor is connected now, on any
   * node. `visitor:presence` pushes its changes.
   */
  visitorOnline?: boolean;
}

export type ChatField = 'users' | 'watchers' | 'history' | 'reads' | 'presence';

/** What a user writes: the kinds a client may send with `messages:send` (text, and `FileContent`). */
export interface TextContent {
  type: 'text';
  message: string;
}

/**
 * A file or image a member sent (`messages:send` of type `file`, after `POST /v1/chats/:chatId/files`).
 * `message` is an optional caption (empty when there is none).
 */
export interface FileContent {
  type: 'file';
  message: string;
  file: FileAttachment;
}

/**
 * An uploaded file as messages carry it. `mimeType` is what the server detected from the bytes, never
 * what the uploader claimed; the bytes themselves are fetched through a signed link
 * (`GET /v1/files/:fileId/link`), which only the chat's members get.
 */
export interface FileAttachment {
  id: string;
  /** The uploader's file name (shown, and offered when saving; never used to pick a type). */
  name: string;
  mimeType: string;
  /** Bytes. */
  size: number;
}

/** A signed, expiring download address of one file (`GET /v1/files/:fileId/link`). */
export interface FileLink {
  url: string;
  expiresAt: string;
}

/** What the server itself says in a chat (and imported `system` history). */
export interface SystemContent {
  type: 'system';
  message: string;
}

/** A message's body, by kind. A new kind is one more member here, one schema and one renderer. */
export type MessageContent = TextContent | FileContent | SystemContent;
export type MessageType = MessageContent['type'];
/** The kinds a client may send (`messages:send`); `system` is the server's own. */
export type SendableContent = TextContent | FileContent;

/** Everything a stored message has besides its body. */
export interface MessageMeta {
  id: string;
  chatId: string;
  /** Per chat, from 1, without gaps: a reader holding 1..n that sees n+2 knows it missed one. */
  seq: number;
  /** A user id, or `assistant` / `system` for imported history. */
  sender: string;
  clientId?: string;
  createdAt: string;
  imported?: true;
}

export type Message = MessageMeta & MessageContent;

/** A window of a chat's messages (`messages:list`): after `afterSeq`, or the last `limit` before `beforeSeq`. */
export interface MessageRange {
  afterSeq?: number;
  beforeSeq?: number;
  limit: number;
}

/** One page of `messages:list`: ascending by seq; `hasMore` says whether the range goes on. */
export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/**
 * An internal note: agents' words about a chat that its visitor never receives (docs/protocol.md §3).
 * Notes are not messages: they take no `seq`, so a visitor's message stream has no gap where one was.
 */
export interface Note {
  id: string;
  chatId: string;
  /** The agent who wrote it. */
  sender: string;
  message: string;
  /** The writer's idempotency key: a resend answers the first note. */
  clientId: string;
  createdAt: string;
  /** The chat's `lastSeq` when it was written: shown after that message. */
  afterSeq: number;
}

/** A reply an agent inserts by typing `/` and its shortcut: personal (`owner`) or shared by a room's agents (`room`). */
export interface CannedResponse {
  id: string;
  /** What the agent types after `/`, e.g. `refund`. */
  shortcut: string;
  /** The reply, with placeholders such as `{{visitor.name}}` and `{{agent.name}}`. */
  text: string;
  /** The agent whose personal reply it is. */
  owner?: string;
  /** The room whose agents share it. */
  room?: string;
  updatedAt: string;
}

/** A visitor's rating of a closed chat (CSAT): 1 (bad) to 5 (great), at most once per chat. */
export interface ChatRating {
  chatId: string;
  rating: 1 | 2 | 3 | 4 | 5;
  comment?: string;
  createdAt: string;
}

/** One closed chat in the records (`GET /v1/chats`). */
export interface ChatRecordSummary {
  chat: Chat;
  /** The visitor's name and id. */
  visitor: { id: string; name: string };
  /** The assignee's name, when it had one. */
  agentName?: string;
  rating?: ChatRating;
  /** A matching message's text, when searched for words. */
  match?: string;
}

/** Ratings summarised (`GET /v1/ratings/summary`): count and average per agent and per room. */
export interface RatingSummary {
  agents: { agentId: string; name: string; count: number; average: number }[];
  rooms: { room: string; count: number; average: number }[];
}

/** A closed chat in full for its agents (`GET /v1/chats/:chatId/transcript`). */
export interface ChatTranscript {
  chat: Chat;
  users: User[];
  messages: Message[];
  notes: Note[];
  rating?: ChatRating;
}

export type HistoryEntryType = 'text' | 'object';

/** One entry of `history:import`: `object` entries carry JSON text in `message`. */
export interface HistoryEntry {
  /** Unix seconds. */
  created: number;
  type: HistoryEntryType;
  message: string;
  sender: string;
}

export type ActivityType = 'writing' | 'stop-writing' | 'not-writing';

export type AssignmentAlgorithm = 'least-busy' | 'round-robin' | 'random';

export interface Session {
  token: string;
  expiresAt: string;
}

/** How soon a room's team usually answers: the widget words it in the visitor's language. */
export type ReplyTime = 'minutes' | 'hours' | 'day';

/** What a room tells visitors before a chat starts (`GET /v1/rooms/:room`), set in the server's config. */
export interface RoomInfo {
  name: string;
  /** The team's greeting, shown first in the widget (chat Markdown). */
  welcome?: string;
  replyTime?: ReplyTime;
  /** The room's weekly schedule, when it has one (set by an admin). */
  hours?: BusinessHours;
  /** With `hours`: whether the room is open now, by the server's clock; `false` shows the offline form. */
  open?: boolean;
}
