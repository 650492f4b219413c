import type { Message, MessagePage, MessageRange, Note, User } from '@parley/protocol';
import type {
  AgentProfile,
  AgentState,
  AppendResult,
  ChatRecord,
  FileRecord,
  MemberAppendResult,
  MessageDraft,
  OfferRecord,
  RoutingState,
  Store,
  StoreTransaction,
} from './store';

/**
 * The engine's store in plain maps: for browsers (stories, demos), tests, and anyone who wants Parley
 * without a database. Units run one at a time; a unit that throws is undone, so a failed command
 * changes nothing, as it would on SQL.
 */
export function createMemoryStore(): Store {
  const users = new Map<string, User>();
  const agents = new Map<string, AgentProfile>();
  const chats = new Map<string, ChatRecord>();
  const offers = new Map<string, OfferRecord>();
  const messagesByChat = new Map<string, Message[]>();
  const messagesById = new Map<string, Message>();
  const messagesByClientId = new Map<string, Message>();
  const readSeqs = new Map<string, number>();
  const files = new Map<string, FileRecord>();
  const notesByChat = new Map<string, Note[]>();
  const notesByClientId = new Map<string, Note>();
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  function copyUser(user: User): User {
    return user.extraInfo ? { ...user, extraInfo: { ...user.extraInfo } } : { ...user };
  }
  function copyChat(chat: ChatRecord): ChatRecord {
    return {
      ...chat,
      users: [...chat.users],
      routing: chat.routing ? copyRouting(chat.routing) : null,
    };
  }
  function copyRouting(routing: RoutingState): RoutingState {
    const copy: RoutingState = { ...routing, offeredAgentIds: [...routing.offeredAgentIds] };
    if (routing.rejectedBy) copy.rejectedBy = [...routing.rejectedBy];
    if (routing.transfer) copy.transfer = { ...routing.transfer };
    return copy;
  }
  function copyProfile(profile: AgentProfile): AgentProfile {
    return { ...profile, rooms: [...profile.rooms] };
  }
  const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

  function createTransaction(undo: (() => void)[]): StoreTransaction {
    /** Sets a map entry, remembering how to put back what was there. */
    function put<K, V>(map: Map<K, V>, key: K, value: V): void {
      const had = map.has(key);
      const previous = map.get(key);
      map.set(key, value);
      undo.push(() => (had ? map.set(key, previous as V) : map.delete(key)));
    }
    function remove<K, V>(map: Map<K, V>, key: K): void {
      if (!map.has(key)) return;
      const previous = map.get(key) as V;
      map.delete(key);
      undo.push(() => map.set(key, previous));
    }
    function openChatsOf(agentId: string): number {
      let count = 0;
      for (const chat of chats.values()) if (chat.status === 'active' && chat.assignee === agentId) count++;
      return count;
    }
    function offersOf(agentId: string): OfferRecord[] {
      return [...offers.values()].filter((offer) => offer.agentId === agentId);
    }

    return {
      async insertUser(user) {
        if (users.has(user.id)) throw new Error(`user ${user.id} exists`);
        put(users, user.id, copyUser(user));
      },
      async updateUser(user) {
        if (!users.has(user.id)) throw new Error(`user ${user.id} does not exist`);
        put(users, user.id, copyUser(user));
      },
      async getUser(id) {
        const user = users.get(id);
        return user && copyUser(user);
      },
      async getUsers(ids) {
        return ids.flatMap((id) => {
          const user = users.get(id);
          return user ? [copyUser(user)] : [];
        });
      },

      async putAgentProfile(profile) {
        put(agents, profile.userId, copyProfile(profile));
      },
      async getAgentProfile(userId) {
        const profile = agents.get(userId);
        return profile && copyProfile(profile);
      },
      async listRoomAgents(room) {
        const states: AgentState[] = [];
        for (const profile of agents.values()) {
          const user = users.get(profile.userId);
          if (!user || !profile.rooms.includes(room)) continue;
          states.push({
            user: copyUser(user),
            profile: copyProfile(profile),
            openChats: openChatsOf(profile.userId),
            pendingOffers: offersOf(profile.userId).length,
          });
        }
        return states.sort((a, b) => (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0));
      },

      async insertChat(chat) {
        if (chats.has(chat.id)) throw new Error(`chat ${chat.id} exists`);
        // The same rule as the SQL stores' partial unique index: one open chat per creator and room.
        for (const other of chats.values()) {
          if (other.creator === chat.creator && other.room === chat.room && other.status !== 'closed' && chat.status !== 'closed') {
            throw new Error(`${chat.creator} already has an open chat in room ${chat.room}`);
          }
        }
        put(chats, chat.id, copyChat(chat));
      },
      async updateChat(chat) {
        const current = chats.get(chat.id);
        if (!current) throw new Error(`chat ${chat.id} does not exist`);
        put(chats, chat.id, { ...copyChat(chat), lastSeq: current.lastSeq });
      },
      async getChat(id) {
        const chat = chats.get(id);
        return chat && copyChat(chat);
      },
      async findOpenChat(creator, room) {
        for (const chat of chats.values()) {
          if (chat.creator === creator && chat.room === room && chat.status !== 'closed') return copyChat(chat);
        }
        return undefined;
      },
      async listUserChats(userId) {
        return [...chats.values()]
          .filter((chat) => chat.users.includes(userId))
          .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
          .map(copyChat);
      },
      async listQueue(room) {
        return [...chats.values()]
          .filter((chat) => chat.room === room && chat.status === 'waiting' && chat.queuedAt !== null)
          .sort((a, b) => compareQueued(a, b))
          .map(copyChat);
      },

      async insertOffer(offer) {
        if (offers.has(offer.chatId)) throw new Error(`chat ${offer.chatId} already has an offer`);
        put(offers, offer.chatId, { ...offer });
      },
      async getOffer(chatId) {
        const offer = offers.get(chatId);
        return offer && { ...offer };
      },
      async deleteOffer(chatId) {
        remove(offers, chatId);
      },
      async listAgentOffers(agentId) {
        return offersOf(agentId).map((offer) => ({ ...offer }));
      },
      async listDueOffers(now) {
        return [...offers.values()]
          .filter((offer) => offer.expiresAt <= now)
          .sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : 0))
          .map((offer) => ({ ...offer }));
      },
      async listOffers() {
        return [...offers.values()].map((offer) => ({ ...offer }));
      },

      async appendMessage(draft: MessageDraft): Promise<AppendResult> {
        const chat = chats.get(draft.chatId);
        if (!chat) throw new Error(`chat ${draft.chatId} does not exist`);
        if (draft.clientId !== undefined) {
          const first = messagesByClientId.get(pairKey(draft.chatId, draft.clientId));
          if (first) return { message: first, created: false };
        }
        const message: Message = Object.freeze({ ...draft, seq: chat.lastSeq + 1 });
        put(chats, chat.id, { ...chat, lastSeq: message.seq });
        const list = messagesByChat.get(chat.id) ?? [];
        if (!messagesByChat.has(chat.id)) put(messagesByChat, chat.id, list);
        list.push(message);
        undo.push(() => list.pop());
        put(messagesById, message.id, message);
        if (message.clientId !== undefined) put(messagesByClientId, pairKey(chat.id, message.clientId), message);
        return { message, created: true };
      },
      async getMessage(id) {
        return messagesById.get(id);
      },
      async listMessages(chatId, range: MessageRange): Promise<MessagePage> {
        // seq is gap-free from 1, so a message's index is seq - 1: paging is slicing.
        const list = messagesByChat.get(chatId) ?? [];
        if (range.afterSeq !== undefined) {
          const end = Math.max(0, Math.min(list.length, (range.beforeSeq ?? Infinity) - 1));
          const start = Math.min(range.afterSeq, end);
          const page = list.slice(start, Math.min(end, start + range.limit));
          return { messages: page, hasMore: start + page.length < end };
        }
        const end = Math.max(0, Math.min(list.length, (range.beforeSeq ?? Infinity) - 1));
        const start = Math.max(0, end - range.limit);
        return { messages: list.slice(start, end), hasMore: start > 0 };
      },

      async importedTotals(chatId) {
        let count = 0;
        let characters = 0;
        for (const message of messagesByChat.get(chatId) ?? []) {
          if (!message.imported) continue;
          count++;
          characters += message.message.length;
        }
        return { count, characters };
      },

      async getReadSeq(chatId, userId) {
        return readSeqs.get(pairKey(chatId, userId)) ?? 0;
      },
      async setReadSeq(chatId, userId, seq) {
        put(readSeqs, pairKey(chatId, userId), seq);
      },

      async appendNote(draft) {
        const first = notesByClientId.get(pairKey(draft.chatId, draft.clientId));
        if (first) return { note: first, created: false };
        const note: Note = Object.freeze({ ...draft });
        const list = notesByChat.get(note.chatId) ?? [];
        if (!notesByChat.has(note.chatId)) put(notesByChat, note.chatId, list);
        list.push(note);
        undo.push(() => list.pop());
        put(notesByClientId, pairKey(note.chatId, note.clientId), note);
        return { note, created: true };
      },
      async listNotes(chatId) {
        return [...(notesByChat.get(chatId) ?? [])];
      },
      async listMessageSenders(chatId) {
        return [...new Set((messagesByChat.get(chatId) ?? []).map((message) => message.sender))];
      },
    };
  }

  function transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (closed) throw new Error('the store is closed');
      const undo: (() => void)[] = [];
      try {
        return await work(createTransaction(undo));
      } catch (error) {
        for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
        throw error;
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    transaction,
    appendMessageIfMember(draft) {
      return transaction(async (tx): Promise<MemberAppendResult> => {
        const chat = chats.get(draft.chatId);
        if (!chat) return { outcome: 'no_chat' };
        if (!chat.users.includes(draft.sender)) return { outcome: 'not_member' };
        const first = messagesByClientId.get(pairKey(draft.chatId, draft.clientId));
        if (first) return { outcome: 'duplicate', message: first };
        if (chat.status === 'closed') return { outcome: 'closed' };
        const { message } = await tx.appendMessage(draft);
        return { outcome: 'created', message, users: [...chat.users] };
      });
    },
    async putFile(file) {
      files.set(file.id, { ...file });
    },
    async getFile(id) {
      const file = files.get(id);
      return file && { ...file };
    },
    async countChatFiles(chatId) {
      let count = 0;
      for (const file of files.values()) if (file.chatId === chatId) count++;
      return count;
    },
    async close() {
      await queue;
      closed = true;
    },
  };
}

/** By queuedAt; ties keep the map's insertion (creation) order, since Array.prototype.sort is stable. */
function compareQueued(a: ChatRecord, b: ChatRecord): number {
  return (a.queuedAt ?? '') < (b.queuedAt ?? '') ? -1 : (a.queuedAt ?? '') > (b.queuedAt ?? '') ? 1 : 0;
}
