import type { ParleyError, ServerEventName, ServerPayload, User } from '@parley/protocol';
import type { Actor } from './actor';
import { toChat } from './chatView';
import { refuse } from './errors';
import type { OutgoingEvent } from './outgoing';
import type { EnginePolicy } from './policy';
import type { AgentProfile, ChatRecord, OfferRecord, StoreTransaction } from './store';

export interface EngineSettings {
  createId(): string;
  random(): number;
  defaultIntervalMs: number;
  defaultMaxAttempts: number;
  defaultAlgorithm: 'least-busy' | 'round-robin' | 'random';
  policy: EnginePolicy;
  /** See `ChatEngineOptions.isConnected`. */
  isConnected?: (userId: string) => Promise<boolean>;
}

/**
 * The work of one command (or one timer tick) inside one store transaction: it collects the events
 * to deliver and the offers whose timers start once the transaction has committed. A retried
 * transaction gets a fresh unit, so nothing leaks from a failed attempt.
 */
export class Unit {
  readonly events: OutgoingEvent[] = [];
  readonly offersMade: OfferRecord[] = [];
  readonly nowIso: string;
  private readonly queueSnapshots = new Map<string, string[]>();
  private readonly roomAgentIds = new Map<string, string[]>();

  constructor(
    readonly tx: StoreTransaction,
    readonly now: number,
    readonly settings: EngineSettings,
  ) {
    this.nowIso = new Date(now).toISOString();
  }

  emit<E extends ServerEventName>(to: readonly string[], event: E, payload: ServerPayload<E>): void {
    if (to.length === 0) return;
    this.events.push({ to: [...new Set(to)], event, payload } as OutgoingEvent);
  }

  /** `chat:updated` goes to the members and to every agent of the chat's room (their queue views). */
  async emitChatUpdated(chat: ChatRecord, alsoRoom?: string, options: { created?: true } = {}): Promise<void> {
    const rooms = alsoRoom && alsoRoom !== chat.room ? [chat.room, alsoRoom] : [chat.room];
    const agents = (await Promise.all(rooms.map((room) => this.agentIdsOf(room)))).flat();
    this.events.push({ to: [...new Set([...chat.users, ...agents])], event: 'chat:updated', payload: { chat: toChat(chat) }, ...options });
  }

  async agentIdsOf(room: string): Promise<string[]> {
    let ids = this.roomAgentIds.get(room);
    if (!ids) {
      ids = (await this.tx.listRoomAgents(room)).map((agent) => agent.user.id);
      this.roomAgentIds.set(room, ids);
    }
    return ids;
  }

  async requireChat(chatId: string): Promise<ChatRecord> {
    const chat = await this.tx.getChat(chatId, { lock: true });
    if (!chat) throw chatNotFound(chatId);
    return chat;
  }

  /**
   * The chat, if the actor may see it (a member, or an agent of its room); otherwise exactly the answer
   * for a chat that does not exist, so ids cannot be probed (issue 13).
   */
  async requireVisibleChat(chatId: string, actor: Actor, options: { lock?: boolean } = { lock: true }): Promise<ChatRecord> {
    const chat = await this.tx.getChat(chatId, options);
    if (!chat || !(await this.canSee(chat, actor))) throw chatNotFound(chatId);
    return chat;
  }

  async canSee(chat: ChatRecord, actor: Actor): Promise<boolean> {
    return chat.users.includes(actor.id) || servesRoom(await this.agentProfileOf(actor), chat.room);
  }

  async userOrPlaceholder(actor: Actor): Promise<User> {
    return (await this.tx.getUser(actor.id)) ?? { id: actor.id, role: actor.role, name: actor.id };
  }

  async agentProfileOf(actor: Actor): Promise<AgentProfile | undefined> {
    return actor.role === 'agent' ? this.tx.getAgentProfile(actor.id) : undefined;
  }

  /**
   * Remembers the room's queue order before the first change in this unit, so `finish` can tell each
   * waiting creator whose position moved.
   */
  async touchQueue(room: string): Promise<void> {
    if (this.queueSnapshots.has(room)) return;
    this.queueSnapshots.set(room, (await this.tx.listQueue(room)).map((chat) => chat.id));
  }

  /** Emits `queues:update` for every queued chat whose position changed during the unit. */
  async finish(): Promise<void> {
    for (const [room, before] of this.queueSnapshots) {
      const after = await this.tx.listQueue(room);
      after.forEach((chat, index) => {
        if (before.indexOf(chat.id) !== index) {
          this.emit([chat.creator], 'queues:update', { chatId: chat.id, queuePosition: index + 1 });
        }
      });
    }
  }
}

/** The one answer for a chat that is missing or hidden from the caller: no details to tell them apart. */
export function chatNotFound(chatId: string): ParleyError {
  return refuse('not_found', `chat ${chatId} does not exist`);
}

export function selfOnly(actor: Actor, userId: string): void {
  if (userId !== actor.id) {
    throw refuse('forbidden', `userId ${userId} is not the authenticated user`, { userId });
  }
}

export function requireMember(chat: ChatRecord, actor: Actor): void {
  if (!chat.users.includes(actor.id)) {
    throw refuse('forbidden', `you are not a member of chat ${chat.id}`, { chatId: chat.id });
  }
}

export function requireOpen(chat: ChatRecord): void {
  if (chat.status === 'closed') throw refuse('closed', `chat ${chat.id} is closed`, { chatId: chat.id });
}

export function servesRoom(profile: AgentProfile | undefined, room: string): boolean {
  return profile !== undefined && profile.rooms.includes(room);
}
