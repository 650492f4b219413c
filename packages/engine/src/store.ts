import type { AssignmentAlgorithm, Chat, ChatTransfer, FileAttachment, Message, MessageContent, MessagePage, MessageRange, Note, User } from '@parley/protocol';
import type { OutgoingEvent } from './outgoing';

/**
 * How a chat is being routed to agents while it sits in its room's queue. Persisted with the chat so a
 * restarted server (or another node) continues the same round.
 */
export interface RoutingState {
  algorithm: AssignmentAlgorithm;
  maxAttempts: number;
  /** How long one offer lasts. */
  intervalMs: number;
  /** Offers that ended without an accept (rejected, expired, withdrawn): the seed's "jumps". */
  attempts: number;
  /** Agents offered this chat in the current round; cleared when every candidate has been. */
  offeredAgentIds: string[];
  /**
   * The agent who transferred the chat away: never offered it back, whatever the round. Set by
   * transfers before they kept the chat with its agent (`transfer` below); chats queued then keep it.
   */
  transferredFrom?: string;
  /**
   * Agents who rejected the chat in this assignment (since its `chats:assign`): never offered it
   * again until it is assigned anew, so a visitor is not kept waiting on an agent who said no.
   */
  rejectedBy?: string[];
  /**
   * Set while the chat's assignee hands it over: the chat stays `active` and out of the queue, and
   * its colleagues are offered it one at a time (see `transfer.ts`).
   */
  transfer?: ChatTransfer;
}

/** A chat as the store keeps it: the wire model plus its place in the queue. */
export interface ChatRecord extends Chat {
  /** Set while the chat is being routed (waiting in the queue or offered); orders the queue. */
  queuedAt: string | null;
  routing: RoutingState | null;
}

/** What makes a user an agent: the rooms it serves and how many open chats it can hold. */
export interface AgentProfile {
  userId: string;
  rooms: string[];
  capacity: number;
  lastOfferedAt: string | null;
  lastAssignedAt: string | null;
  /**
   * How many times the agent has said its status itself (`agents:status`), counting one that repeats
   * the status it has: an `offline` said while offline changes no status, yet it is the agent's word,
   * which presence's implicit changes compare against so as never to overwrite it (`setAgentStatusIf`).
   */
  statusChoices: number;
}

/** An agent with its current load, as assignment needs it. */
export interface AgentState {
  user: User;
  profile: AgentProfile;
  /** Active chats assigned to the agent. */
  openChats: number;
  /** Offers waiting for the agent's answer. */
  pendingOffers: number;
}

/** An invitation of one agent to one chat; at most one per chat. */
export interface OfferRecord {
  chatId: string;
  agentId: string;
  createdAt: string;
  expiresAt: string;
}

/** A message before the store gives it its `seq`: its metadata and a body of any kind. */
export type MessageDraft = {
  id: string;
  chatId: string;
  sender: string;
  clientId?: string;
  createdAt: string;
  imported?: true;
} & MessageContent;

/**
 * An uploaded file's record (`POST /v1/chats/:chatId/files`). Its bytes live in the server's file
 * storage; the engine needs the record to turn a `file` message's `fileId` into its attachment.
 */
export interface FileRecord extends FileAttachment {
  chatId: string;
  /** The member who uploaded it: only they may send it as a message. */
  uploader: string;
  createdAt: string;
}

export interface ImportedTotals {
  /** Imported messages. */
  count: number;
  /** Characters of their text (a bound, so code points and UTF-16 units are both fine). */
  characters: number;
}

export interface AppendResult {
  message: Message;
  /** False when a message with the same (chatId, clientId) existed: `message` is that first one. */
  created: boolean;
}

/**
 * What `Store.appendMessageIfMember` did. Checked in this order: the chat exists, the sender is a
 * member, the clientId is new (else `duplicate`, whatever the chat's status), the chat is open.
 */
export type MemberAppendResult =
  /**
   * Stored with the chat's next seq; `users` are the chat's members it was stored for. `journal`: the
   * key of the message's event-journal entry, when the store wrote one with it (see `StoreTransaction.journal`).
   */
  | { outcome: 'created'; message: Message; users: string[]; journal?: string }
  /** `(chatId, clientId)` existed: `message` is the first one (its sender may be someone else). */
  | { outcome: 'duplicate'; message: Message }
  | { outcome: 'no_chat' }
  | { outcome: 'not_member' }
  | { outcome: 'closed' };

/**
 * One unit of work. Every engine command that writes runs in exactly one; the store makes it atomic
 * (a SQL transaction, or the in-memory store's serial execution with undo on failure).
 */
export interface StoreTransaction {
  insertUser(user: User): Promise<void>;
  updateUser(user: User): Promise<void>;
  /**
   * With `lock`, a SQL store holds the user's row until the unit ends: decisions on what a user has
   * (a visitor's number of chats) must not be made by two units at once.
   */
  getUser(id: string, options?: { lock?: boolean }): Promise<User | undefined>;
  /** In the order of `ids`, skipping unknown ones. */
  getUsers(ids: readonly string[]): Promise<User[]>;

  putAgentProfile(profile: AgentProfile): Promise<void>;
  /**
   * With `lock`, a SQL store holds the agent's row (the row `listRoomAgents` locks to assign) until
   * the unit ends: a status change and an offer to the agent then happen one after the other.
   */
  getAgentProfile(userId: string, options?: { lock?: boolean }): Promise<AgentProfile | undefined>;
  /**
   * Every agent serving the room, whatever its status, ordered by user id. With `lock`, a SQL store
   * locks their rows until the unit ends: assignment decides on their load, and two nodes must not
   * both give away the last free slot. Notifications read without it, so they never wait on locks.
   */
  listRoomAgents(room: string, options?: { lock?: boolean }): Promise<AgentState[]>;

  insertChat(chat: ChatRecord): Promise<void>;
  /** Writes every field except `lastSeq`, which only `appendMessage` moves. */
  updateChat(chat: ChatRecord): Promise<void>;
  /** `lock` asks a SQL store to hold the chat's row until the unit ends (serialising its commands). */
  getChat(id: string, options?: { lock?: boolean }): Promise<ChatRecord | undefined>;
  /** The creator's chat in the room that is not closed, if any. */
  findOpenChat(creator: string, room: string): Promise<ChatRecord | undefined>;
  /** Chats the user is a member of, newest first. */
  listUserChats(userId: string): Promise<ChatRecord[]>;
  /**
   * Waiting chats of the room that are being routed, oldest `queuedAt` first, then the chat created
   * first: chats queued within one millisecond keep their order (ids are random, so never by id).
   */
  listQueue(room: string): Promise<ChatRecord[]>;

  insertOffer(offer: OfferRecord): Promise<void>;
  getOffer(chatId: string): Promise<OfferRecord | undefined>;
  deleteOffer(chatId: string): Promise<void>;
  listAgentOffers(agentId: string): Promise<OfferRecord[]>;
  /**
   * Offers whose `expiresAt` is at or before `now`, earliest first. A SQL store locks their chats and
   * skips chats another unit holds, so the caller re-checks each offer after locking its chat.
   */
  listDueOffers(now: string): Promise<OfferRecord[]>;
  listOffers(): Promise<OfferRecord[]>;

  /**
   * Gives the draft the chat's next `seq` and stores it, atomically: `(chatId, clientId)` is unique, so
   * a resend returns the first message with `created: false` and consumes no `seq`.
   */
  appendMessage(draft: MessageDraft): Promise<AppendResult>;
  getMessage(id: string): Promise<Message | undefined>;
  /**
   * Ascending by seq. With `afterSeq`: the first `limit` after it (`hasMore`: newer ones remain).
   * Otherwise: the last `limit` before `beforeSeq` (or the end) (`hasMore`: older ones remain).
   */
  listMessages(chatId: string, range: MessageRange): Promise<MessagePage>;
  /** Everyone who sent a message in the chat (`system` and imported senders included), each once. */
  listMessageSenders(chatId: string): Promise<string[]>;
  /** How much imported history the chat holds: `history:import` bounds it per chat. */
  importedTotals(chatId: string): Promise<ImportedTotals>;

  getReadSeq(chatId: string, userId: string): Promise<number>;
  setReadSeq(chatId: string, userId: string, seq: number): Promise<void>;

  /**
   * Stores an internal note; `(chatId, clientId)` is unique, so a resend answers the first note with
   * `created: false`. Notes live apart from messages and never take a `seq`.
   */
  appendNote(note: Note): Promise<{ note: Note; created: boolean }>;
  /** A chat's notes, oldest first. */
  listNotes(chatId: string): Promise<Note[]>;

  /**
   * Optional: keeps the unit's events in the store's event journal, in this transaction, and answers
   * the entry's key (undefined when the store keeps none of them). Work that must follow a commit even
   * when the process dies right after it (e-mail, webhooks) is then recoverable: whoever does it
   * deletes the entry when done. A store without a journal (the memory store) leaves it out.
   */
  journal?(events: readonly OutgoingEvent[]): Promise<string | undefined>;
}

export interface Store {
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * `messages:send`, the hot path, as one unit of work of its own (one SQL statement): appends the
   * draft as `appendMessage` does if its sender is a member of the open chat, and otherwise says why
   * not, changing nothing. Atomic and durable before it resolves, like a unit.
   */
  appendMessageIfMember(draft: MessageDraft & { clientId: string }): Promise<MemberAppendResult>;
  /** Records an uploaded file (its bytes are stored elsewhere first). */
  putFile(file: FileRecord): Promise<void>;
  getFile(id: string): Promise<FileRecord | undefined>;
  /** Files uploaded to a chat: the server bounds it per chat. */
  countChatFiles(chatId: string): Promise<number>;
  close(): Promise<void>;
}
