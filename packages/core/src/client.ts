import { isClientEventName, ParleyError } from '@parley/protocol';
import type {
  AgentStatus,
  Note,
  VisitorContext,
  Chat as ChatModel,
  ClientEventName,
  ClientPayload,
  ClientResult,
  MessagePage,
  ServerEvent,
  ServerEventName,
  ServerEventPayloads,
  ServerPayload,
  User,
} from '@parley/protocol';
import type { Chat, ChatContext, TransferTarget } from './chat';
import { createChat } from './chat';
import type { ChatStore, StoreEnhancer } from './chatStore';
import { createChatStore } from './chatStore';
import { createEmitter } from './emitter';
import { toParleyError } from './errors';
import { userFromToken } from './identity';
import { createLinkGate } from './linkGate';
import type { FileTransfer } from './fileTransfer';
import { createFileTransfer } from './fileTransfer';
import type { Outbox, OutboxEntry } from './outbox';
import { createOutbox } from './outbox';
import { createSequencer } from './sequencer';
import { createSocketTransport } from './socketTransport';
import type { SocketTransportOptions } from './socketTransport';
import type { StorageAdapter } from './storage';
import { browserStorage } from './storage';
import type { Drafts } from './drafts';
import { createDrafts } from './drafts';
import type { ConnectionState, Transport } from './transport';

type ClientLink =
  | { url: string; token: string; transport?: undefined }
  | { transport: Transport; url?: string; token?: string };

export type ClientOptions = ClientLink & {
  /** The signed-in user; read from the token's claims or the transport when omitted. */
  user?: User;
  /**
   * Where unsent messages survive a reload. Default: `localStorage` when the page has one; `false`
   * keeps them in memory only.
   */
  storage?: StorageAdapter | false;
  /** Socket transport settings (ack timeout, reconnect delays) when created from `url` + `token`. */
  socket?: Omit<SocketTransportOptions, 'url' | 'token' | 'user'>;
  /**
   * How long a command issued while the link is not up waits for it before rejecting with `timeout`
   * (default: the socket's ack timeout, 10 s).
   */
  commandTimeoutMs?: number;
  /** Connect right away (default true). */
  autoConnect?: boolean;
  /** Background failures nobody awaits (a backfill refused for a reason other than a lost link). */
  onError?: (error: ParleyError) => void;
  /**
   * Messages in a chat's first page (its latest ones) and in each `loadOlder` page. Default 50, at
   * most `limits.listPageSize`.
   */
  pageSize?: number;
  /**
   * Inspect the store in the Redux DevTools: pass `devtools()` from `@parley/core/devtools` (off by
   * default, and that module is only in a bundle that imports it).
   */
  devtools?: StoreEnhancer;
  /** A `writing` with no follow-up stops showing after this long (default 8 s). */
  typingTimeoutMs?: number;
  /**
   * How files are uploaded and their download links signed. Default: the Parley server at `url`
   * with `token`; without both, sending a file fails with `invalid_payload`.
   */
  files?: FileTransfer;
};

export type ServerListener<E extends ServerEventName> = (payload: ServerPayload<E>) => void;

/** What `chats.create` takes: the room, where the chat starts from, and what the page saw. */
export interface ChatCreateInput {
  room: string;
  source: string | number;
  lang?: string;
  /** The visitor's page and browser (the widget collects it): shown to the room's agents. */
  context?: VisitorContext;
}

export interface ChatsApi {
  /**
   * `chats:create` as the signed-in visitor, or the open chat the visitor already has in that room
   * (create or resume: calling it twice, as StrictMode's effects do, yields one chat). The chat is
   * followed from then on. Concurrent calls for one room share one request.
   */
  create(input: ChatCreateInput): Promise<Chat>;
  /**
   * The Chat object for a chat id: a handle with no side effects (the same object for the same id).
   * To show the chat's messages and state, `client.track(chatId)` it (the hooks do, in an effect).
   */
  get(chatId: string): Chat;
  /** `users:chats`: the signed-in user's chats. */
  list(): Promise<ChatModel[]>;
  /**
   * After a reload: lists the signed-in user's chats, records the open ones the store does not hold
   * and follows them, so their messages, unread counts and state fill in. Returns the open chats.
   */
  resume(): Promise<ChatModel[]>;
}

export interface AgentApi {
  setStatus(status: AgentStatus): Promise<User>;
  accept(chatId: string): Promise<Chat>;
  reject(chatId: string): Promise<ChatModel>;
  /**
   * `chats:transfer`: offers the chat to a colleague; it stays this agent's (with `chat.transfer` set)
   * until the colleague accepts, and stays for good when nobody does.
   */
  transfer(chatId: string, target: TransferTarget): Promise<ChatModel>;
  /** `transfer:targets`: the rooms and online colleagues a chat can be transferred to, by name. */
  transferTargets(chatId: string): Promise<ClientResult<'transfer:targets'>>;
  /**
   * `notes:add`: an internal note on the chat, seen by its agents and never by its visitor. The note
   * lands in `store.notes` (and reaches the chat's other agents as `note:received`).
   */
  addNote(chatId: string, message: string): Promise<Note>;
  /** `notes:list`: the chat's internal notes, oldest first, also recorded in `store.notes`. */
  listNotes(chatId: string): Promise<Note[]>;
}

export interface ParleyClient {
  /** The signed-in user, when known. */
  readonly me: User | undefined;
  readonly connection: ConnectionState;
  /**
   * The client's zustand store (read-only): chats, messages, typing, reads, queue, invitations,
   * presence and the link, kept by the client from what the server says. `useStore(client.store, …)`
   * or the `@parley/react` hooks read it.
   */
  readonly store: ChatStore;
  /**
   * The seed's `send`: resolves with the ack's `data`, rejects with a `ParleyError` carrying `code`.
   * Sent before the link is up (or while it is down), it waits for it, in order, at most
   * `commandTimeoutMs`, then rejects with `timeout`. `disconnected` only after `disconnect()` or
   * `destroy()`. A command whose answer was lost with the link rejects with `timeout`: it may have run.
   */
  send<E extends ClientEventName>(eventName: E, data: ClientPayload<E>): Promise<ClientResult<E>>;
  /**
   * The seed's `subscribe`. `message:received` is delivered per chat in `seq` order, exactly once,
   * including messages paged in after a gap or a reconnect. A followed chat starts with its latest
   * page, delivered here too; older pages (`loadOlder`) are not, since an older message after a newer
   * one would break that order. Returns the unsubscribe.
   */
  subscribe<E extends ServerEventName>(eventName: E, callback: ServerListener<E>): () => void;
  /** The seed's `unsubscribe`: removes only this listener. */
  unsubscribe<E extends ServerEventName>(eventName: E, listener: ServerListener<E>): void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /**
   * Resolves once the link is up. Rejects with the refusal when the server turns the token away
   * (`unauthorized`), or `timeout` after `timeoutMs` (15 s). Called when the link is already refused
   * or closed (`disconnect()`, `destroy()`), it rejects at once with that error or `disconnected`.
   * Commands need not wait for it.
   */
  whenConnected(timeoutMs?: number): Promise<void>;
  connect(): void;
  /** Closes the link; commands waiting for it, and any sent later until `connect()`, reject `disconnected`. */
  disconnect(): void;
  /** Ends everything the client holds: the link, timers, listeners. Its store stays readable. */
  destroy(): void;
  readonly chats: ChatsApi;
  readonly agent: AgentApi;
  readonly outbox: Outbox;
  /** Unsent text per chat, kept in `storage` so a reload does not lose it; gone when the chat closes. */
  readonly drafts: Drafts;
  /**
   * Files: `link(fileId)` answers a signed download address of a file in one of the user's chats
   * (absolute, valid for a while, reused until shortly before it expires). Sending one is
   * `chat.sendFile`. Undefined when the client has no server to talk to (a local transport without
   * `files`).
   */
  readonly files: FileTransfer | undefined;
  /**
   * Follow a chat: page in its latest messages now (older ones wait for `loadOlder`), repair gaps,
   * catch up after reconnects, and fetch its state now and after every reconnect. Idempotent.
   */
  track(chatId: string): void;
  /**
   * The page before the oldest message held for a chat (`messages:list { beforeSeq }`), following the
   * chat first if needed. Calls while one page is loading share it. The store prepends it; it never
   * reaches `message:received` listeners: it is history, not news.
   */
  loadOlder(chatId: string): Promise<MessagePage>;
  /** The highest seq delivered for a chat (0 when not followed). */
  lastSeq(chatId: string): number;
}

export function createClient(options: ClientOptions): ParleyClient {
  const transport =
    options.transport ?? createSocketTransport({ url: options.url, token: options.token, ...options.socket, ...(options.user ? { user: options.user } : {}) });
  const me = options.user ?? transport.user ?? (options.token === undefined ? undefined : userFromToken(options.token));
  const onError = options.onError ?? (() => undefined);
  const serverEvents = createEmitter<ServerEventPayloads>();
  const connectionEvents = createEmitter<{ state: ConnectionState }>();
  const { store, writer } = createChatStore({
    me,
    connection: transport.state,
    ...(options.typingTimeoutMs === undefined ? {} : { typingTimeoutMs: options.typingTimeoutMs }),
    ...(options.devtools ? { enhance: options.devtools } : {}),
  });
  let connection: ConnectionState = transport.state;
  const gate = createLinkGate(options.commandTimeoutMs ?? options.socket?.ackTimeoutMs ?? 10_000);

  async function send<E extends ClientEventName>(eventName: E, data: ClientPayload<E>): Promise<ClientResult<E>> {
    // The seed's send takes any name; one the protocol does not know is refused as the server would.
    if (!isClientEventName(eventName)) throw new ParleyError('invalid_payload', `unknown event ${JSON.stringify(String(eventName).slice(0, 80))}`);
    const deadline = gate.deadline();
    for (;;) {
      await gate.open(eventName, deadline);
      try {
        const envelope = await transport.emit(eventName, data);
        if (!envelope.ok) throw ParleyError.fromPayload(envelope.error);
        // The ack is the sending socket's delivery (the server sends it no `message:received`): a
        // message sent with a bare `send` reaches the store and `subscribe` now, like the outbox's,
        // not only once a later message reveals the gap it left.
        if (eventName === 'messages:send') sequencer.ingest((envelope.data as ClientResult<'messages:send'>).message);
        return envelope.data;
      } catch (cause) {
        const error = toParleyError(cause);
        // `disconnected` from the transport means nothing was sent (the link fell as the command
        // left): it waits for the link again, within the same deadline. Anything else is the answer.
        if (error.code !== 'disconnected') throw error;
        gate.lost();
      }
    }
  }

  function requireMe(): User {
    if (me) return me;
    // A token was given but says nobody: not a Parley session token (mistyped, truncated, another service's).
    if (options.token !== undefined) {
      throw new ParleyError('unauthorized', 'the token is not a Parley session token (a JWT with `sub` and `role`): sign in again for a new one');
    }
    throw new ParleyError('unauthorized', 'the signed-in user is unknown: pass `token` (or `user`) to createClient');
  }

  function reportBackground(cause: unknown): void {
    const error = toParleyError(cause);
    // A lost link is repaired by the resync that follows the reconnect; nothing to report.
    if (error.code === 'disconnected' || error.code === 'timeout') return;
    onError(error);
  }

  const sequencer = createSequencer({
    fetchPage: (chatId, range) => send('messages:list', { chatId, ...range }),
    deliver(message) {
      writer.message(message);
      serverEvents.emit('message:received', { message });
    },
    onOlder: (update) => writer.older(update),
    onError: (error) => reportBackground(error),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });

  const storage = options.storage === false ? undefined : (options.storage ?? browserStorage());
  const files =
    options.files ?? (options.url !== undefined && options.token !== undefined ? createFileTransfer({ url: options.url, token: options.token }) : undefined);
  const outbox = createOutbox({
    ...(files
      ? {
          upload: (entry: OutboxEntry & { attachment: Blob }, onProgress: (loaded: number, total: number) => void) =>
            files.upload(entry.chatId, entry.attachment, entry.content.type === 'file' ? entry.content.file.name : 'file', onProgress),
        }
      : {}),
    storage,
    storageKey: `parley:outbox:${me?.id ?? 'anonymous'}`,
    isConnected: () => connection.status === 'connected',
    async send(entry) {
      const { chatId, clientId, content } = entry;
      // A file message names its upload; the server fills in the attachment from its own record.
      const payload: ClientPayload<'messages:send'> =
        content.type === 'file'
          ? { chatId, clientId, type: 'file', fileId: content.file.id, message: content.message }
          : { chatId, clientId, ...content };
      // `send` hands the stored message to the sequencer (its ack is this socket's delivery).
      const { message } = await send('messages:send', payload);
      return message;
    },
  });
  const drafts = createDrafts({ storage, storageKey: `parley:draft:${me?.id ?? 'anonymous'}` });
  // Nothing can be sent to an ended chat: its draft would only wait in storage for good.
  const stopDrafts = serverEvents.on('chat:closed', ({ chatId }) => drafts.set(chatId, ''));
  const stopOutbox = outbox.subscribe((event) => writer.outbox(event));
  // Messages restored from storage after a reload: shown as sending until their ack.
  for (const entry of outbox.entries()) writer.outbox({ type: 'queued', entry });

  /**
   * Fetches a followed chat's state. After a reconnect it replaces what is held (changes made while
   * the link was down were pushed to nobody); otherwise it only fills a gap, since a push that raced
   * the answer (an assignment running alongside) is newer than it.
   */
  async function refreshChat(chatId: string, replace: boolean): Promise<void> {
    try {
      // With its members as Users and their read positions: a page opened after they joined and read
      // got no `user:joined` or `message:read` for them, and would show ids where names belong, every
      // tick as merely sent, and messages read long ago as unread.
      // An agent also learns whether the visitor is still on the page (`visitor:presence` says changes).
      const { chat } = await send('chats:get', { chatId, fields: me?.role === 'agent' ? 'users,reads,presence' : 'users,reads' });
      const { history: _history, watchers: _watchers, reads, users, formerUsers, visitorOnline, ...rest } = chat;
      // Former members too (an agent who handed the chat over): their messages keep their names.
      writer.users([...users.filter((user): user is User => typeof user !== 'string'), ...(formerUsers ?? [])]);
      if (reads) writer.reads(chatId, reads);
      if (visitorOnline !== undefined) writer.visitorOnline(rest.creator, visitorOnline);
      writer.chat({ ...rest, users: users.map((user) => (typeof user === 'string' ? user : user.id)) }, replace);
    } catch (error) {
      reportBackground(error);
    }
  }

  /** Hands one push to the store, then to the app's listeners (which then see the store updated). */
  function dispatch<E extends ServerEventName>({ event, payload }: { event: E; payload: ServerPayload<E> }): void {
    writer.event(event, payload);
    serverEvents.emit(event, payload);
  }

  // Chats whose state is fetched after every (re)connect (the sequencer separately follows their messages).
  const trackedChats = new Set<string>();
  const stopListening = transport.listen({
    event(event: ServerEvent) {
      if (event.event === 'message:received') {
        trackedChats.add(event.payload.message.chatId);
        sequencer.ingest(event.payload.message);
      } else {
        dispatch(event);
      }
    },
    state(state) {
      connection = state;
      writer.connection(state);
      if (state.status === 'connected') {
        gate.opened();
        outbox.flush();
        sequencer.resync();
        for (const chatId of trackedChats) void refreshChat(chatId, true);
      } else if (state.status === 'disconnected') {
        // Closed on purpose, or refused for good (a bad token): nothing waiting will ever be sent.
        gate.close(state.error ?? new ParleyError('disconnected', 'disconnected by the client'));
      } else {
        gate.lost();
      }
      connectionEvents.emit('state', state);
    },
  });

  function track(chatId: string): void {
    if (trackedChats.has(chatId)) return;
    trackedChats.add(chatId);
    sequencer.track(chatId);
    // Its state now if the link is up and the store has none (a chat just created has it from the
    // answer); otherwise the connect that follows fetches it.
    if (connection.status !== 'connected') return;
    const known = store.getState().chats[chatId];
    if (!known) void refreshChat(chatId, false);
    // An agent who knows the chat from its invitation still needs to know whether its visitor is there,
    // even when the store holds an answer for that visitor: it came from an earlier chat of theirs, and
    // pushes stopped when that chat closed (a visitor back another day was said "left" there).
    else if (me?.role === 'agent') void refreshPresence(chatId);
  }

  async function refreshPresence(chatId: string): Promise<void> {
    try {
      const { chat } = await send('chats:get', { chatId, fields: 'presence' });
      if (chat.visitorOnline !== undefined) writer.visitorOnline(chat.creator, chat.visitorOnline);
    } catch (error) {
      reportBackground(error);
    }
  }
  // A message restored from storage belongs to a chat this page has not opened yet.
  for (const entry of outbox.entries()) track(entry.chatId);

  // What the client's Chats made that must end with it (typing watchers: a timer, an input listener).
  const adopted = new Set<() => void>();
  const context: ChatContext = {
    me: requireMe,
    send,
    subscribe: (event, callback) => serverEvents.on(event, callback),
    outbox,
    store: writer,
    track,
    adopt(dispose) {
      if (destroyed) {
        dispose();
        return () => undefined;
      }
      adopted.add(dispose);
      return () => adopted.delete(dispose);
    },
  };
  const handles = new Map<string, Chat>();
  function chatHandle(chatId: string): Chat {
    let chat = handles.get(chatId);
    if (!chat) {
      chat = createChat(context, chatId);
      handles.set(chatId, chat);
    }
    return chat;
  }

  // StrictMode runs a creating effect twice: both calls get the first one's chat.
  const creating = new Map<string, Promise<Chat>>();
  async function createOrResume(input: ChatCreateInput): Promise<Chat> {
    const { chat, resumed } = await send('chats:create', { ...input, creator: requireMe().id });
    writer.chat(chat, false);
    track(chat.id);
    // Begun before this client (another tab's, or a page's before a reload): its members joined and
    // read where this client could not hear it, so their names and read positions are fetched.
    if (resumed) void refreshChat(chat.id, false);
    return chatHandle(chat.id);
  }

  let destroyed = false;
  const client: ParleyClient = {
    get me() {
      return me;
    },
    get connection() {
      return connection;
    },
    store,
    files,
    // After destroy() the gate stays closed (connect() is ignored), so every command is refused.
    send,
    subscribe(eventName, callback) {
      return serverEvents.on(eventName, callback);
    },
    unsubscribe(eventName, listener) {
      serverEvents.off(eventName, listener);
    },
    onConnection(listener) {
      return connectionEvents.on('state', listener);
    },
    whenConnected(timeoutMs = 15_000) {
      if (connection.status === 'connected') return Promise.resolve();
      // Already refused or closed: nothing will bring the link up until `connect()`, so waiting out
      // the timeout would only turn the refusal (`unauthorized`) into a later, vaguer `timeout`.
      if (destroyed) return Promise.reject(new ParleyError('disconnected', 'the client was destroyed'));
      if (connection.status === 'disconnected') {
        return Promise.reject(connection.error ?? new ParleyError('disconnected', 'disconnected by the client'));
      }
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          stop();
          settle();
        };
        const timer = setTimeout(
          () => finish(() => reject(new ParleyError('timeout', `could not connect within ${timeoutMs / 1000} s`))),
          timeoutMs,
        );
        const stop = connectionEvents.on('state', (state) => {
          if (state.status === 'connected') finish(resolve);
          else if (state.status === 'disconnected') finish(() => reject(state.error ?? new ParleyError('disconnected', 'disconnected by the client')));
        });
      });
    },
    connect() {
      if (destroyed) return;
      gate.reopen();
      transport.connect();
    },
    disconnect() {
      gate.close(new ParleyError('disconnected', 'disconnected by the client'));
      transport.disconnect();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      gate.close(new ParleyError('disconnected', 'the client was destroyed'));
      // Closed while still listening, so `connection` and the store end on `disconnected`.
      transport.disconnect();
      stopListening();
      stopOutbox();
      stopDrafts();
      for (const dispose of [...adopted]) dispose();
      adopted.clear();
      // A send awaited by the caller (a bot, a server-side script) must not wait forever.
      outbox.abandon(new ParleyError('disconnected', 'the client was destroyed before the message was sent; it stays saved for the next client where there is storage'));
      writer.destroy();
    },
    chats: {
      create(input) {
        let pending = creating.get(input.room);
        if (!pending) {
          pending = createOrResume(input).finally(() => creating.delete(input.room));
          creating.set(input.room, pending);
        }
        return pending;
      },
      get: chatHandle,
      async list() {
        const { chats } = await send('users:chats', { userId: requireMe().id });
        return chats;
      },
      async resume() {
        const open = (await client.chats.list()).filter((chat) => chat.status !== 'closed');
        for (const chat of open) {
          // Followed first, so its members' names are fetched; then recorded, unless a push that
          // arrived meanwhile (at least as new as the list) already put it there.
          track(chat.id);
          writer.chat(chat, false);
        }
        return open;
      },
    },
    agent: {
      async setStatus(status) {
        const { user } = await send('agents:status', { status });
        return user;
      },
      async accept(chatId) {
        const chat = chatHandle(chatId);
        await chat.accept();
        return chat;
      },
      reject: (chatId) => chatHandle(chatId).reject(),
      transfer: (chatId, target) => chatHandle(chatId).transfer(target),
      transferTargets: (chatId) => send('transfer:targets', { chatId }),
      async addNote(chatId, message) {
        const { note } = await send('notes:add', { chatId, clientId: crypto.randomUUID(), message });
        writer.notes(chatId, [note]);
        return note;
      },
      async listNotes(chatId) {
        const { notes } = await send('notes:list', { chatId });
        writer.notes(chatId, notes);
        return notes;
      },
    },
    outbox,
    drafts,
    track,
    loadOlder(chatId) {
      track(chatId);
      return sequencer.loadOlder(chatId);
    },
    lastSeq: (chatId) => sequencer.lastSeq(chatId),
  };

  if (options.autoConnect !== false) transport.connect();
  return client;
}
