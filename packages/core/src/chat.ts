import { ParleyError } from '@parley/protocol';
import type {
  ActivityType,
  AssignmentAlgorithm,
  Chat as ChatModel,
  ChatDetails,
  ClientEventName,
  ClientPayload,
  ClientResult,
  HistoryEntry,
  Message,
  SendableContent,
  ServerEventName,
  ServerPayload,
  User,
} from '@parley/protocol';
import type { ChatStoreWriter } from './chatStore';
import type { Outbox } from './outbox';
import type { TypingInput, TypingWatcher, TypingWatcherOptions } from './typingWatcher';
import { createTypingWatcher } from './typingWatcher';

export interface AssignOptions {
  algorithm?: AssignmentAlgorithm;
  maxAttempts?: number;
  /** Seconds each agent is offered the chat. */
  interval?: number;
}

export interface TransferTarget {
  room?: string;
  agentId?: string;
}

/** What a Chat needs from its client; kept narrow so the Chat is testable on its own. */
export interface ChatContext {
  me(): User;
  send<E extends ClientEventName>(event: E, data: ClientPayload<E>): Promise<ClientResult<E>>;
  subscribe<E extends ServerEventName>(event: E, callback: (payload: ServerPayload<E>) => void): () => void;
  outbox: Outbox;
  /** The client's store: answers of commands that a push would not bring are recorded there. */
  store: ChatStoreWriter;
  /** Follow the chat's messages (backfill, gap repair) from now on. */
  track(chatId: string): void;
  /**
   * Hands the client something to end with it (a typing watcher's timer and input listener), so
   * `client.destroy()` leaves nothing running. Returns the release, for when it ends first.
   */
  adopt?(dispose: () => void): () => void;
}

/** The seed's Chat object: one conversation, with the calls a visitor or an agent makes in it. */
export interface Chat {
  readonly id: string;
  get(fields?: string): Promise<ChatDetails>;
  /** Queues the chat for an agent; the outcome arrives as events (see `searchAgent`). */
  assign(options?: AssignOptions): Promise<ChatModel>;
  /** Assigns and waits: resolves with the agent who joined, rejects `no_agents` on `forever:alone`. */
  searchAgent(options?: AssignOptions): Promise<User>;
  join(): Promise<ChatModel>;
  /** Text through the outbox: resolves once the server stored it, surviving drops and reconnects. */
  sendMessage(text: string): Promise<Message>;
  /** Any kind the protocol lets a client send (`{ type: 'text', message }` today), through the outbox. */
  send(content: SendableContent): Promise<Message>;
  /**
   * A file or image, through the same outbox as text: shown at once as `sending` with its upload
   * `progress`, uploaded (`POST /v1/chats/:chatId/files`), then sent as a `file` message under one
   * clientId, in order with the messages around it. Waits for the link when offline; a refusal
   * (too large, a type the server does not accept) leaves it `failed`, and `retry` uploads it again.
   */
  sendFile(file: Blob, options?: { name?: string; caption?: string }): Promise<Message>;
  /**
   * Sends a failed message again under its own clientId (the server dedups if the first attempt was
   * stored after all); its row turns back into `sending`. Rejects `not_found` when no failed message
   * has that clientId.
   */
  retry(clientId: string): Promise<Message>;
  /** Drops a failed message from the chat: the user gave up on it. */
  discard(clientId: string): void;
  markRead(message: Message | string): Promise<ClientResult<'messages:read'>>;
  setActivity(type: ActivityType): Promise<void>;
  /** Reports typing from an input element, or from values fed to the returned watcher. */
  watchTyping(target?: TypingInput, options?: TypingWatcherOptions): TypingWatcher;
  focus(): Promise<void>;
  close(): Promise<ChatModel>;
  importHistory(history: HistoryEntry[]): Promise<number>;
  /** Agent: accept this chat's invitation. */
  accept(): Promise<ChatModel>;
  /** Agent: turn this chat's invitation down (the next agent is offered it). */
  reject(): Promise<ChatModel>;
  /** Agent: hand the chat to another room or agent. */
  transfer(target: TransferTarget): Promise<ChatModel>;
}

export function createChat(context: ChatContext, id: string): Chat {
  const { send } = context;
  const userId = () => context.me().id;

  async function assign(options: AssignOptions = {}): Promise<ChatModel> {
    const { chat } = await send('chats:assign', { chatId: id, ...options });
    return chat;
  }

  function sendContent(content: SendableContent): Promise<Message> {
    context.track(id);
    return context.outbox.enqueue(id, content, userId()).delivered;
  }

  return {
    id,
    async get(fields) {
      const { chat } = await send('chats:get', fields === undefined ? { chatId: id } : { chatId: id, fields });
      // Members as Users: an agent learns the visitor's name here (no push introduces the creator).
      context.store.users([...chat.users.filter((user): user is User => typeof user !== 'string'), ...(chat.formerUsers ?? [])]);
      return chat;
    },
    assign,
    searchAgent(options) {
      return new Promise<User>((resolve, reject) => {
        // Listening before asking: the answer may arrive before the ack does.
        const stops = [
          context.subscribe('user:joined', ({ chatId, user }) => {
            if (chatId === id && user.role === 'agent') finish(() => resolve(user));
          }),
          context.subscribe('forever:alone', ({ chatId }) => {
            if (chatId === id) finish(() => reject(new ParleyError('no_agents', 'no agent accepted the chat', { chatId })));
          }),
          context.subscribe('chat:closed', ({ chatId }) => {
            if (chatId === id) finish(() => reject(new ParleyError('closed', 'the chat was closed', { chatId })));
          }),
        ];
        function finish(settle: () => void): void {
          for (const stop of stops) stop();
          settle();
        }
        assign(options).then(
          (chat) => {
            if (chat.status === 'active' && chat.assignee) {
              // Taken already (a resumed chat): its `user:joined` came long ago, so the agent's name
              // and presence come from the chat's members (the bare id only when that fails).
              const assignee = chat.assignee;
              const bare: User = { id: assignee, role: 'agent', name: assignee };
              send('chats:get', { chatId: id, fields: 'users' }).then(
                ({ chat: details }) => {
                  const members = [...details.users, ...(details.formerUsers ?? [])].filter((user): user is User => typeof user !== 'string');
                  context.store.users(members);
                  finish(() => resolve(members.find((user) => user.id === assignee) ?? bare));
                },
                () => finish(() => resolve(bare)),
              );
            }
          },
          (error: unknown) => finish(() => reject(error)),
        );
      });
    },
    async join() {
      const { chat } = await send('chats:join', { chatId: id, userId: userId() });
      context.track(id);
      return chat;
    },
    sendMessage: (text) => sendContent({ type: 'text', message: text }),
    sendFile(file, options = {}) {
      context.track(id);
      const name = options.name ?? (file as Blob & { name?: unknown }).name;
      const content = {
        type: 'file' as const,
        message: options.caption ?? '',
        // The id is the server's, once uploaded; the type it detects from the bytes replaces this one.
        file: { id: '', name: typeof name === 'string' && name.trim() ? name : 'file', mimeType: file.type || 'application/octet-stream', size: file.size },
      };
      return context.outbox.enqueue(id, content, userId(), file).delivered;
    },
    send: sendContent,
    retry(clientId) {
      const entry = context.store.failedEntry(id, clientId);
      if (!entry) return Promise.reject(new ParleyError('not_found', `no failed message ${clientId} in chat ${id}`, { chatId: id, clientId }));
      return context.outbox.retry(entry);
    },
    discard(clientId) {
      context.store.discard(id, clientId);
    },
    async markRead(message) {
      const messageId = typeof message === 'string' ? message : message.id;
      const position = await send('messages:read', { messageId, userId: userId() });
      // When my position did not move (read before, on an earlier page load) nothing is pushed, yet
      // the store still needs it to count unread messages: the ack says where it is.
      context.store.myRead(position.chatId, position.seq);
      return position;
    },
    async setActivity(type) {
      await send('users:activity', { chatId: id, userId: userId(), type });
    },
    watchTyping(target, options) {
      // Typing is best effort: a lost `writing` is harmless, so failures are dropped, not thrown.
      const watcher = createTypingWatcher((type) => void send('users:activity', { chatId: id, userId: userId(), type }).catch(() => undefined), target, options);
      const release = context.adopt?.(() => watcher.dispose());
      return {
        ...watcher,
        dispose() {
          release?.();
          watcher.dispose();
        },
      };
    },
    async focus() {
      await send('user:focus', { chatId: id });
    },
    async close() {
      const { chat } = await send('chats:close', { chatId: id, userId: userId() });
      return chat;
    },
    async importHistory(history) {
      const { imported } = await send('history:import', { chatId: id, history });
      return imported;
    },
    async accept() {
      const { chat } = await send('invitations:accept', { chatId: id });
      context.track(id);
      return chat;
    },
    async reject() {
      const { chat } = await send('invitations:reject', { chatId: id });
      return chat;
    },
    async transfer(target) {
      const { chat } = await send('chats:transfer', { chatId: id, ...target });
      return chat;
    },
  };
}
