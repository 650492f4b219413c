import { createClient, signUpVisitor } from '@parley/core';
import type { AssignOptions, Chat, ParleyClient, StorageAdapter } from '@parley/core';
import type { ExtraInfo, User } from '@parley/protocol';
import type { WidgetUser } from '../options';
import { readPageFacts, visitorContextOf } from './visitorContext';

/**
 * What survives a reload: enough to reconnect as the same visitor and reopen the same chat. After a
 * chat ends only the visitor stays (no `chatId`): their next chat is theirs too, not a stranger's.
 */
interface SavedSession {
  token: string;
  chatId?: string;
  /** The token's end (`session.expiresAt`): past it, the next chat signs up anew. */
  expiresAt?: string;
}

export interface VisitorSessionOptions {
  server: string;
  room: string;
  lang?: string;
  storage: StorageAdapter | undefined;
  /** Where the chat was started from (`chats:create`'s `source`). */
  source: string;
  assign?: AssignOptions;
}

export interface ActiveSession {
  /** Owns its store (`client.store`), so nothing the server pushes before the first render is missed. */
  client: ParleyClient;
  chat: Chat;
  /** The visitor's session token, for the REST calls that update the visitor (`POST /v1/users/me`). */
  token: string;
  /** Opened now (sign-up), not resumed from an earlier page. */
  fresh: boolean;
}

/**
 * WebSocket only: the widget's build keeps engine.io-client's WebSocket transport alone (no HTTP
 * long-polling or WebTransport code in the bundle, scripts/build/websocketOnly.ts), so the client must
 * never ask for another one.
 */
export const widgetSocketOptions = { transports: ['websocket'] };

function openClient(server: string, token: string, storage: StorageAdapter | undefined, user?: User): ParleyClient {
  return createClient({ url: server, token, storage: storage ?? false, socket: { socketOptions: widgetSocketOptions }, ...(user ? { user } : {}) });
}

/** Ends a session's client: its link, timers and listeners. */
export function endSession(session: Pick<ActiveSession, 'client'>): void {
  session.client.destroy();
}

/**
 * The visitor's side of the widget without React: sign up, open and queue a chat, remember it, and
 * pick it up again after a reload. One per mounted widget, keyed by server and room in storage.
 */
export function createVisitorSession(options: VisitorSessionOptions) {
  const storageKey = `parley:widget:${options.server}:${options.room}`;

  function read(): SavedSession | undefined {
    try {
      const raw = options.storage?.getItem(storageKey);
      if (!raw) return undefined;
      const saved = JSON.parse(raw) as Partial<SavedSession>;
      if (typeof saved.token !== 'string') return undefined;
      return {
        token: saved.token,
        ...(typeof saved.chatId === 'string' && { chatId: saved.chatId }),
        ...(typeof saved.expiresAt === 'string' && { expiresAt: saved.expiresAt }),
      };
    } catch {
      return undefined;
    }
  }

  function save(session: SavedSession): void {
    options.storage?.setItem(storageKey, JSON.stringify(session));
  }

  /**
   * The visitor this browser already knows, while their token is good for a while yet (a minute's
   * margin): one whose chat ended (`forgetChat`), or one with a chat saved by another tab that was
   * opened after this one loaded. Starting a chat under their session continues that chat while it is
   * open (`chats:create` resumes), instead of making the same person a stranger with a second chat.
   */
  function knownVisitor(): SavedSession | undefined {
    const saved = read();
    if (!saved) return undefined;
    if (saved.expiresAt !== undefined && Date.parse(saved.expiresAt) - Date.now() < 60_000) return undefined;
    return saved;
  }

  function connect(token: string, chatId: string): ActiveSession {
    const client = openClient(options.server, token, options.storage);
    client.track(chatId);
    return { client, chat: client.chats.get(chatId), token, fresh: false };
  }

  // Given by the host (`setUser`, `setAttributes`) before a chat exists: sent with the sign-up.
  let identity: string | undefined;
  let attributes: ExtraInfo | undefined;

  /**
   * A chat in the room for a signed-in visitor; its client is ended if the chat cannot be opened.
   * `savedChatId`: the chat another tab saved, which the server answers again while it is open.
   */
  async function openChat(token: string, me: User | undefined, expiresAt: string | undefined, savedChatId?: string): Promise<ActiveSession> {
    const client = openClient(options.server, token, options.storage, me);
    try {
      // Sent at once: the client holds it until the link is up.
      const chat = await client.chats.create({
        room: options.room,
        source: options.source,
        ...(options.lang ? { lang: options.lang } : {}),
        context: visitorContextOf(readPageFacts()),
      });
      save({ token, chatId: chat.id, ...(expiresAt !== undefined && { expiresAt }) });
      return { client, chat, token, fresh: chat.id !== savedChatId };
    } catch (error) {
      endSession({ client });
      throw error;
    }
  }

  async function open(given: WidgetUser): Promise<ActiveSession> {
    // The same visitor again (their last chat ended, or another tab has one open): a chat under their
    // session, so the desk sees who it is and their earlier chats. Signed up anew only if that session
    // is over.
    const known = identity === undefined ? knownVisitor() : undefined;
    if (known) {
      try {
        return await openChat(known.token, undefined, known.expiresAt, known.chatId);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'unauthorized') throw error;
      }
    }
    const extraInfo = attributes ? { ...given.extraInfo, ...attributes } : given.extraInfo;
    const profile = { ...given, ...(extraInfo ? { extraInfo } : {}), ...(identity ? { identity } : {}) };
    const { user: me, session } = await signUpVisitor(options.server, profile);
    return openChat(session.token, me, session.expiresAt);
  }

  return {
    /** The chat saved by an earlier page, reconnected; undefined when there is none. */
    resume(): ActiveSession | undefined {
      const saved = read();
      if (!saved?.chatId) return undefined;
      const session = connect(saved.token, saved.chatId);
      // A chat still waiting may have left the queue while the visitor was away (its offers ran out,
      // and the `forever:alone` went to no socket): it would say "waiting" with nobody asked. Queued
      // again; for a chat still queued or offered `chats:assign` changes nothing (place and attempts kept).
      void session.chat
        .get()
        .then((chat) => (chat.status === 'waiting' ? session.chat.assign(options.assign) : undefined))
        // A token the server refuses is the session's own error (it forgets the chat); nothing to add.
        .catch(() => undefined);
      return session;
    },
    /** Signs the visitor up, opens a chat in the room and queues it for an agent. */
    async start(user: WidgetUser): Promise<ActiveSession> {
      const session = await open(user);
      await session.chat.assign(options.assign);
      return session;
    },
    /**
     * "Leave a message" when nobody is online: the message is stored in a chat that waits in the
     * room's queue, so the first agent to come online is offered it with the message already there.
     */
    async leaveMessage(user: WidgetUser, message: string): Promise<ActiveSession> {
      const session = await open(user);
      await session.chat.sendMessage(message);
      await session.chat.assign(options.assign);
      return session;
    },
    /** The identity token the next sign-up carries. */
    identify(token: string): void {
      identity = token;
    },
    /** Attributes the next sign-up carries (merged over the `user` option's `extraInfo`). */
    addAttributes(next: ExtraInfo): void {
      attributes = { ...attributes, ...next };
    },
    /** The chat is over: the next start opens a new one, for the same visitor. */
    forgetChat(): void {
      const saved = read();
      if (saved) save({ token: saved.token, ...(saved.expiresAt !== undefined && { expiresAt: saved.expiresAt }) });
    },
    /** Forgets the visitor too (their token is refused, or another person signed in on this browser). */
    forget(): void {
      options.storage?.removeItem(storageKey);
    },
  };
}

export type VisitorSession = ReturnType<typeof createVisitorSession>;
