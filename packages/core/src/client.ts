import { ParleyError } from '@parley/protocol';
import type {
  AgentStatus,
  Chat as ChatModel,
  ClientEventName,
  ClientPayload,
  ClientResult,
  ServerEventName,
  ServerEventPayloads,
  ServerPayload,
  User,
} from '@parley/protocol';
import type { Chat, ChatContext, TransferTarget } from './chat';
import { createChat } from './chat';
import { createEmitter } from './emitter';
import { toParleyError } from './errors';
import { userFromToken } from './identity';
import type { Outbox } from './outbox';
import { createOutbox } from './outbox';
import { createSequencer } from './sequencer';
import type { MessagePage, OlderUpdate } from './sequencer';
import { createSocketTransport } from './socketTransport';
import type { SocketTransportOptions } from './socketTransport';
import type { StorageAdapter } from './storage';
import { browserStorage } from './storage';
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
  /** Connect right away (default true). */
  autoConnect?: boolean;
  /** Background failures nobody awaits (a backfill refused for a reason other than a lost link). */
  onError?: (error: ParleyError) => void;
  /**
   * Messages in a chat's first page (its latest ones) and in each `loadOlder` page. Default 50, at
   * most `limits.listPageSize`.
   */
  pageSize?: number;
};

export type ServerListener<E extends ServerEventName> = (payload: ServerPayload<E>) => void;

export interface ChatsApi {
  /** `chats:create` as the signed-in visitor; the chat is followed (backfill, gap repair) from then on. */
  create(input: { room: string; source: string | number; lang?: string }): Promise<Chat>;
  /** A Chat object for a chat id the app already knows (after a reload, from `list()`); follows it. */
  get(chatId: string): Chat;
  /** `users:chats`: the signed-in user's chats. */
  list(): Promise<ChatModel[]>;
}

export interface AgentApi {
  setStatus(status: AgentStatus): Promise<User>;
  accept(chatId: string): Promise<Chat>;
  reject(chatId: string): Promise<ChatModel>;
  transfer(chatId: string, target: TransferTarget): Promise<ChatModel>;
}

export interface ParleyClient {
  /** The signed-in user, when known. */
  readonly me: User | undefined;
  readonly connection: ConnectionState;
  /** The seed's `send`: resolves with the ack's `data`, rejects with a `ParleyError` carrying `code`. */
  send<E extends ClientEventName>(eventName: E, data: ClientPayload<E>): Promise<ClientResult<E>>;
  /**
   * The seed's `subscribe`. `message:received` is delivered per chat in `seq` order, exactly once,
   * including messages paged in after a gap or a reconnect. A followed chat starts with its latest
   * page, delivered here too; older pages (`loadOlder`) are not, since an older message after a newer
   * one would break that order: they reach `onOlder` listeners instead. Returns the unsubscribe.
   */
  subscribe<E extends ServerEventName>(eventName: E, callback: ServerListener<E>): () => void;
  /** The seed's `unsubscribe`: removes only this listener. */
  unsubscribe<E extends ServerEventName>(eventName: E, listener: ServerListener<E>): void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /**
   * Resolves once the link is up. Commands sent before then are refused (`disconnected`), not
   * buffered (the outbox owns retries), so a first command waits here. Rejects with the refusal when
   * the server turns the token away (`unauthorized`), or `disconnected` after `timeoutMs` (15 s).
   */
  whenConnected(timeoutMs?: number): Promise<void>;
  connect(): void;
  disconnect(): void;
  readonly chats: ChatsApi;
  readonly agent: AgentApi;
  readonly outbox: Outbox;
  /**
   * Follow a chat's messages: page in its latest ones now (older ones wait for `loadOlder`), repair
   * gaps and catch up after reconnects.
   */
  track(chatId: string): void;
  /**
   * The page before the oldest message held for a chat (`messages:list { beforeSeq }`), following the
   * chat first if needed. Calls while one page is loading share it. The page reaches `onOlder`
   * listeners (the store prepends it), never `message:received`: it is history, not news.
   */
  loadOlder(chatId: string): Promise<MessagePage>;
  /** Whether a followed chat has older messages than the ones held (false until its start is known). */
  hasOlder(chatId: string): boolean;
  /** Where a followed chat starts (`messages` empty, `hasMore`) and each page `loadOlder` brings. */
  onOlder(listener: (update: OlderUpdate) => void): () => void;
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
  const olderEvents = createEmitter<{ older: OlderUpdate }>();
  let connection: ConnectionState = transport.state;

  async function send<E extends ClientEventName>(eventName: E, data: ClientPayload<E>): Promise<ClientResult<E>> {
    const envelope = await transport.emit(eventName, data).catch((error: unknown) => {
      throw toParleyError(error, 'disconnected');
    });
    if (!envelope.ok) throw ParleyError.fromPayload(envelope.error);
    return envelope.data;
  }

  function requireMe(): User {
    if (!me) throw new ParleyError('unauthorized', 'the signed-in user is unknown: pass `user` to createClient');
    return me;
  }

  const sequencer = createSequencer({
    fetchPage: (chatId, range) => send('messages:list', { chatId, ...range }),
    deliver: (message) => serverEvents.emit('message:received', { message }),
    onOlder: (update) => olderEvents.emit('older', update),
    onError: (error) => reportBackground(error),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });

  function reportBackground(cause: unknown): void {
    const error = toParleyError(cause);
    // A lost link is repaired by the resync that follows the reconnect; nothing to report.
    if (error.code === 'disconnected' || error.code === 'timeout') return;
    onError(error);
  }

  const storage = options.storage === false ? undefined : (options.storage ?? browserStorage());
  const outbox = createOutbox({
    storage,
    storageKey: `parley:outbox:${me?.id ?? 'anonymous'}`,
    isConnected: () => connection.status === 'connected',
    async send(entry) {
      const { message } = await send('messages:send', { chatId: entry.chatId, clientId: entry.clientId, type: 'text', message: entry.message });
      sequencer.ingest(message);
      return message;
    },
  });

  async function refreshChat(chatId: string): Promise<void> {
    try {
      const { chat } = await send('chats:get', { chatId });
      // Changes made while the link was down were pushed to nobody: replay the current state.
      const { history: _history, watchers: _watchers, users, ...rest } = chat;
      serverEvents.emit('chat:updated', { chat: { ...rest, users: users.map((user) => (typeof user === 'string' ? user : user.id)) } });
    } catch (error) {
      reportBackground(error);
    }
  }

  // Chats whose state is replayed after a reconnect (the sequencer separately follows their messages).
  const trackedChats = new Set<string>();
  transport.listen({
    event(event) {
      if (event.event === 'message:received') {
        trackedChats.add(event.payload.message.chatId);
        sequencer.ingest(event.payload.message);
      } else {
        serverEvents.emit(event.event, event.payload);
      }
    },
    state(state) {
      connection = state;
      if (state.status === 'connected') {
        outbox.flush();
        sequencer.resync();
        // Changes made while the link was down (or before this page loaded: a chat resumed after a
        // reload) were pushed to nobody: every followed chat's current state is fetched again.
        for (const chatId of trackedChats) void refreshChat(chatId);
      }
      connectionEvents.emit('state', state);
    },
  });

  /** Follows a chat; true when it was not followed before. */
  function follow(chatId: string): boolean {
    const isNew = !trackedChats.has(chatId);
    trackedChats.add(chatId);
    sequencer.track(chatId);
    return isNew;
  }
  function track(chatId: string): void {
    follow(chatId);
  }
  // A message restored from storage belongs to a chat this page has not opened yet.
  for (const entry of outbox.entries()) track(entry.chatId);

  const context: ChatContext = {
    me: requireMe,
    send,
    subscribe: (event, callback) => serverEvents.on(event, callback),
    outbox,
    track,
    // Relayed as the event the server sends when a read position moves; listeners ignore positions
    // they already hold, so a repeat is harmless.
    readConfirmed: ({ chatId, seq }, messageId) => serverEvents.emit('message:read', { chatId, userId: requireMe().id, seq, messageId }),
  };

  const client: ParleyClient = {
    get me() {
      return me;
    },
    get connection() {
      return connection;
    },
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
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          stop();
          settle();
        };
        const timer = setTimeout(
          () => finish(() => reject(new ParleyError('disconnected', `could not connect within ${timeoutMs / 1000} s`))),
          timeoutMs,
        );
        const stop = connectionEvents.on('state', (state) => {
          if (state.status === 'connected') finish(resolve);
          else if (state.error?.code === 'unauthorized') finish(() => reject(state.error));
        });
      });
    },
    connect() {
      transport.connect();
    },
    disconnect() {
      transport.disconnect();
    },
    chats: {
      async create(input) {
        const { chat } = await send('chats:create', { ...input, creator: requireMe().id });
        track(chat.id);
        return createChat(context, chat.id);
      },
      get(chatId) {
        // Asking for a chat means showing it: its messages page in and stay complete from here on,
        // and its state is fetched now (or on connect), since no event would bring it.
        if (follow(chatId) && connection.status === 'connected') void refreshChat(chatId);
        return createChat(context, chatId);
      },
      async list() {
        const { chats } = await send('users:chats', { userId: requireMe().id });
        return chats;
      },
    },
    agent: {
      async setStatus(status) {
        const { user } = await send('agents:status', { status });
        return user;
      },
      async accept(chatId) {
        const chat = createChat(context, chatId);
        await chat.accept();
        return chat;
      },
      reject: (chatId) => createChat(context, chatId).reject(),
      transfer: (chatId, target) => createChat(context, chatId).transfer(target),
    },
    outbox,
    track,
    loadOlder(chatId) {
      track(chatId);
      return sequencer.loadOlder(chatId);
    },
    hasOlder: (chatId) => sequencer.hasOlder(chatId),
    onOlder(listener) {
      return olderEvents.on('older', listener);
    },
    lastSeq: (chatId) => sequencer.lastSeq(chatId),
  };

  if (options.autoConnect !== false) transport.connect();
  return client;
}
