import { isReservedUserId, limits, ParleyError, parseClientPayload } from '@parley/protocol';
import type {
  AgentStatus,
  ClientCommand,
  ClientEventName,
  ClientResult,
  ErrorPayload,
  ServerPayload,
  User,
  ExtraInfo,
  VerifiedIdentity,
  VisitorSignup,
} from '@parley/protocol';
import type { Actor } from './actor';
import { toChat } from './chatView';
import type { Clock, Timer } from './clock';
import { systemClock, systemTimer } from './clock';
import { agentCommands, changeAgentStatus, lockForStatusChange } from './commands/agents';
import { chatCommands } from './commands/chats';
import { messageCommands, sendMessage } from './commands/messages';
import { noteCommands } from './commands/notes';
import type { CommandHandler, CommandHandlers } from './commands/types';
import { randomId } from './ids';
import type { OutgoingEvent } from './outgoing';
import type { EnginePolicy } from './policy';
import { defaultEnginePolicy } from './policy';
import { dispatchAgentRooms, dispatchRoom, endOffer } from './routing';
import type { Store, StoreTransaction } from './store';
import type { EngineSettings } from './unit';
import { Unit } from './unit';

export interface ChatEngineOptions {
  store: Store;
  clock?: Clock;
  timer?: Timer;
  /** Ids of chats and messages (default: random UUIDs). */
  createId?: () => string;
  /** For the `random` algorithm (default: Math.random). */
  random?: () => number;
  /** Offer length when `chats:assign` names no `interval` (default 30 s, PROTOCOL.md §6). */
  defaultIntervalMs?: number;
  defaultMaxAttempts?: number;
  defaultAlgorithm?: EngineSettings['defaultAlgorithm'];
  /** Failures nobody awaits (offer timers) and unexpected errors behind an `internal` answer. */
  onError?: (error: unknown) => void;
  /** What visitors may create: rooms, offer bounds, chats, imported history (see `EnginePolicy`). */
  policy?: Partial<EnginePolicy>;
  /**
   * Whether a connection of the user is open now, as the transport knows it (on every node): answers
   * `chats:get { fields: 'presence' }`. Without it that field is left out of the answer.
   */
  isConnected?: (userId: string) => Promise<boolean>;
}

/** A command's answer: the ack's data or the refusal. Its events went out through `subscribe`. */
export type CommandOutcome<Data> = { ok: true; data: Data } | { ok: false; error: ErrorPayload };

export interface AgentRegistration {
  id: string;
  name: string;
  nickname?: string;
  /** A photo (http or https URL) for the agent's avatar. */
  avatarUrl?: string;
  rooms: string[];
  /** Open chats the agent can hold at once (default 3). */
  capacity?: number;
  status?: AgentStatus;
}

/**
 * Receives each commit's events. `sentOver` is the connection (the transport's own id for it, given
 * to `execute`/`handle`) a `messages:send` came over: that connection has the stored message in its
 * ack, so a transport need not send it the `message:received` too. Absent for every other event.
 * `journal` is the key of the events' entry in the store's event journal, when the store kept one in
 * their transaction (see `StoreTransaction.journal`): whoever acts on them after the commit deletes it.
 */
export type EventListener = (events: OutgoingEvent[], sentOver?: string, journal?: string) => void;

/** What `updateVisitor` changes: a proven identity, and attributes merged into `extraInfo`. */
export interface VisitorChanges {
  verified?: VerifiedIdentity;
  extraInfo?: ExtraInfo;
}

export interface ChatEngine {
  /**
   * Runs a validated command as the actor: the ack data, or the refusal. The events it produced are
   * published to `subscribe` listeners once its transaction commits, before this resolves.
   */
  execute<E extends ClientEventName>(actor: Actor, event: E, command: ClientCommand<E>, connection?: string): Promise<CommandOutcome<ClientResult<E>>>;
  /**
   * Validates a raw payload (as it came off the wire) against its schema, then executes it.
   * `connection`: the transport's id of the connection the command came over (see `EventListener`).
   */
  handle(actor: Actor, event: string, payload: unknown, connection?: string): Promise<CommandOutcome<ClientResult<ClientEventName>>>;
  /**
   * Every event the engine produces, in commit order, from one stream: command results, agents
   * registered or changing status, offers expiring on their timers. A transport delivers from here
   * (and only from here); an observer of everything (metrics, webhooks, an audit log) subscribes too.
   */
  subscribe(listener: EventListener): () => void;
  /**
   * A new visitor. `verified` is what a host-minted identity token proved (the caller checked it):
   * its name and email then win over what the page said.
   */
  registerVisitor(profile?: VisitorSignup, verified?: VerifiedIdentity): Promise<User>;
  /**
   * A visitor proves who they are (`verified`, checked by the caller) or adds attributes (merged into
   * `extraInfo`). `conflict` when they were already verified as someone else; `forbidden` for agents.
   */
  updateVisitor(id: string, update: VisitorChanges): Promise<User>;
  /** Creates the agent, or updates its name and rooms; keeps its status unless one is given. */
  registerAgent(agent: AgentRegistration): Promise<User>;
  /** Makes sure a user vouched for by the transport (e.g. a host-minted token) exists. */
  ensureUser(user: User): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  /** Online agents per room: whether a visitor can expect an answer now. */
  onlineAgents(rooms: readonly string[]): Promise<Record<string, number>>;
  /** Chats waiting in each room's queue (offered ones are not waiting). */
  queueLengths(rooms: readonly string[]): Promise<Record<string, number>>;
  /**
   * The offers an agent has not answered yet, as `invitation:new` payloads, soonest to expire first.
   * Transports replay them to an agent's new socket: an invitation pushed while its console was
   * reloading would otherwise ring unseen until it expires.
   */
  pendingInvitations(agentId: string): Promise<ServerPayload<'invitation:new'>[]>;
  /**
   * What a transport needs when an agent's socket connects, read in one transaction: the stored
   * agent (is it offline?), how many times it has said its status itself (`statusChoices`, for
   * `setAgentStatusIf`) and its pending invitations (as `pendingInvitations`). One transaction
   * instead of two per agent socket: a reconnect storm of agents is that many sockets at once.
   */
  agentConnection(agentId: string): Promise<{ user: User | undefined; statusChoices: number; invitations: ServerPayload<'invitation:new'>[] }>;
  /**
   * A transport's presence change: the agent's status becomes `status` only if it is still `expected`
   * when read under the lock `agents:status` takes, so a choice the agent made meanwhile (`away` sent
   * the moment its socket connected) is never overwritten by the transport's implicit online or
   * offline. With `statusChoices` (read with the status, see `agentConnection`), also only if the agent
   * has said no status since: its `offline` while still offline changes no status, but must stand too.
   * Resolves with whether it changed; its events leave through `subscribe` like a command's.
   */
  setAgentStatusIf(agentId: string, expected: AgentStatus, status: AgentStatus, statusChoices?: number): Promise<boolean>;
  /**
   * Tells the chat's members and the agents of its room (`chat:updated`, as for a change a command
   * made) about a change a transport wrote to the chat itself: the server marking it an offline
   * message (`origin`) when it e-mails the team. Reads the chat as committed; nothing for a missing one.
   */
  chatChanged(chatId: string): Promise<void>;
  /** Expires every offer past its deadline; timers call it, and so may anyone (it is idempotent). */
  expireDueOffers(): Promise<void>;
  /** Re-arms offer timers from the store (after a restart); overdue offers expire at once. */
  start(): Promise<void>;
  /** Stops the timers; the store stays open. */
  stop(): void;
}

/** Commands that run in a unit; `messages:send` has a path of its own (`sendMessage`). */
type UnitEventName = Exclude<ClientEventName, 'messages:send'>;
const handlers: CommandHandlers<UnitEventName> = { ...chatCommands, ...messageCommands, ...agentCommands, ...noteCommands };

export function createChatEngine(options: ChatEngineOptions): ChatEngine {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const timer = options.timer ?? systemTimer;
  const onError = options.onError ?? (() => undefined);
  const settings: EngineSettings = {
    createId: options.createId ?? randomId,
    random: options.random ?? Math.random,
    defaultIntervalMs: options.defaultIntervalMs ?? 30_000,
    defaultMaxAttempts: options.defaultMaxAttempts ?? 3,
    defaultAlgorithm: options.defaultAlgorithm ?? 'least-busy',
    policy: { ...defaultEnginePolicy, ...options.policy },
    ...(options.isConnected && { isConnected: options.isConnected }),
  };
  const listeners = new Set<EventListener>();
  const timers = new Set<unknown>();
  let running = true;

  /** Runs work in one transaction; after commit, arms the timers of the offers it made and publishes its events. */
  async function inUnit<T>(work: (unit: Unit) => Promise<T>): Promise<T> {
    const { value, unit, journal } = await store.transaction(async (tx) => {
      const unit = new Unit(tx, clock.now(), settings);
      const value = await work(unit);
      await unit.finish();
      const journal = unit.events.length > 0 ? await tx.journal?.(unit.events) : undefined;
      return { value, unit, journal };
    });
    for (const offer of unit.offersMade) armTimer(Date.parse(offer.expiresAt));
    publish(unit.events, undefined, journal);
    return value;
  }

  function armTimer(deadline: number, minimumDelayMs = 0): void {
    if (!running) return;
    const handle = timer.setTimeout(async () => {
      timers.delete(handle);
      // Timers may fire a millisecond before the clock reaches the deadline (Node and browsers round
      // differently); nothing is due yet then, and without a new timer the offer would never expire.
      if (clock.now() < deadline) return armTimer(deadline, 1);
      await expireDueOffers();
    }, Math.max(minimumDelayMs, deadline - clock.now()));
    timers.add(handle);
  }

  function publish(events: OutgoingEvent[], sentOver?: string, journal?: string): void {
    if (events.length === 0) return;
    for (const listener of listeners) listener(events, sentOver, journal);
  }

  async function expireDueOffers(): Promise<void> {
    try {
      await inUnit(async (unit) => {
        const rooms = new Set<string>();
        const agents = new Set<string>();
        // End every due offer before handing out slots, so offers due at the same moment all end first.
        for (const due of await unit.tx.listDueOffers(unit.nowIso)) {
          const chat = await unit.tx.getChat(due.chatId, { lock: true });
          // Several units race here (one timer per offer, every node's sweep). The chat's lock is ours
          // now, but the list may be older than it: another unit may have ended this offer and made a
          // new one meanwhile. Only the very offer listed, still due, expires: one jump, once.
          const offer = chat && (await unit.tx.getOffer(chat.id));
          if (!chat || !offer || offer.agentId !== due.agentId || offer.createdAt !== due.createdAt || offer.expiresAt > unit.nowIso) continue;
          await endOffer(unit, chat, offer, 'expired');
          rooms.add(chat.room);
          agents.add(offer.agentId);
        }
        for (const room of rooms) await dispatchRoom(unit, room);
        // The agents' slots are free again: a chat waiting in another of their rooms may take them.
        for (const agentId of agents) await dispatchAgentRooms(unit, agentId);
      });
    } catch (error) {
      onError(error);
    }
  }

  async function execute<E extends ClientEventName>(
    actor: Actor,
    event: E,
    command: ClientCommand<E>,
    connection?: string,
  ): Promise<CommandOutcome<ClientResult<E>>> {
    try {
      if (event === 'messages:send') {
        const nowIso = new Date(clock.now()).toISOString();
        const { data, events, journal } = await sendMessage(store, settings, nowIso, actor, command as ClientCommand<'messages:send'>);
        publish(events, connection, journal);
        return { ok: true, data: data as ClientResult<E> };
      }
      const handler = handlers[event as UnitEventName] as unknown as CommandHandler<E>;
      return { ok: true, data: await inUnit((unit) => handler(unit, actor, command)) };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error, onError) };
    }
  }

  async function ensureUser(user: User): Promise<User> {
    // A token is signed by whoever holds the secret (a host's backend too): it still may not speak as the server.
    if (isReservedUserId(user.id)) throw new ParleyError('unauthorized', `the user id ${user.id} is reserved`);
    return inUnit(async ({ tx }) => {
      const existing = await tx.getUser(user.id);
      if (existing) return existing;
      await tx.insertUser(user);
      return user;
    });
  }

  return {
    execute,
    // Not async: it hands back `execute`'s promise itself rather than a second one that waits on it
    // (every client event passes here).
    handle(actor, event, payload, connection) {
      let command: ClientCommand<ClientEventName>;
      try {
        command = parseClientPayload(event, payload);
      } catch (error) {
        return Promise.resolve({ ok: false, error: toErrorPayload(error, onError) });
      }
      return execute(actor, event as ClientEventName, command, connection);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async registerVisitor(profile = {}, verified) {
      const id = settings.createId();
      const user: User = { id, role: 'user', name: verified?.name ?? profile.name ?? `Visitor ${id.slice(0, 4)}` };
      const contact = verified?.email ?? profile.contact;
      if (contact !== undefined) user.contact = contact;
      if (profile.extraInfo !== undefined) user.extraInfo = profile.extraInfo;
      if (verified) user.verified = verified;
      return ensureUser(user);
    },
    async updateVisitor(id, { verified, extraInfo }) {
      return inUnit(async ({ tx }) => {
        const existing = await tx.getUser(id);
        if (!existing) throw new ParleyError('not_found', `user ${id} not found`);
        if (existing.role !== 'user') throw new ParleyError('forbidden', 'only visitors have a host identity or attributes');
        if (verified && existing.verified && existing.verified.id !== verified.id) {
          throw new ParleyError('conflict', 'this visitor was verified as someone else: start a new session');
        }
        const user: User = { ...existing };
        if (verified) {
          user.verified = verified;
          if (verified.name !== undefined) user.name = verified.name;
          if (verified.email !== undefined) user.contact = verified.email;
        }
        if (extraInfo) {
          const merged = { ...existing.extraInfo, ...extraInfo };
          if (Object.keys(merged).length > limits.extraInfoKeys) {
            throw new ParleyError('invalid_payload', `extraInfo: must hold at most ${limits.extraInfoKeys} keys`);
          }
          user.extraInfo = merged;
        }
        await tx.updateUser(user);
        return user;
      });
    },
    async registerAgent(agent) {
      if (isReservedUserId(agent.id)) throw new ParleyError('invalid_payload', `the agent id ${agent.id} is reserved`);
      return inUnit(async (unit) => {
        const { tx } = unit;
        const existing = await tx.getUser(agent.id);
        if (existing && existing.role !== 'agent') {
          throw new ParleyError('conflict', `user ${agent.id} is a visitor, not an agent`);
        }
        const user: User = { id: agent.id, role: 'agent', name: agent.name, status: agent.status ?? existing?.status ?? 'offline' };
        if (agent.nickname !== undefined) user.nickname = agent.nickname;
        if (agent.avatarUrl !== undefined) {
          if (!/^https?:\/\/[^\s]+$/i.test(agent.avatarUrl)) throw new ParleyError('invalid_payload', 'avatarUrl: an http or https URL');
          user.avatarUrl = agent.avatarUrl;
        }
        if (existing) await tx.updateUser(user);
        else await tx.insertUser(user);
        const profile = await tx.getAgentProfile(agent.id);
        await tx.putAgentProfile({
          userId: agent.id,
          rooms: [...new Set(agent.rooms)],
          capacity: agent.capacity ?? profile?.capacity ?? 3,
          lastOfferedAt: profile?.lastOfferedAt ?? null,
          lastAssignedAt: profile?.lastAssignedAt ?? null,
          statusChoices: profile?.statusChoices ?? 0,
        });
        if (user.status === 'online') await dispatchAgentRooms(unit, agent.id);
        return user;
      });
    },
    ensureUser,
    async getUser(id) {
      return store.transaction((tx) => tx.getUser(id));
    },
    async onlineAgents(rooms) {
      return store.transaction(async (tx) => {
        const counts: Record<string, number> = {};
        for (const room of rooms) {
          counts[room] = (await tx.listRoomAgents(room)).filter((agent) => agent.user.status === 'online').length;
        }
        return counts;
      });
    },
    async queueLengths(rooms) {
      return store.transaction(async (tx) => {
        const lengths: Record<string, number> = {};
        for (const room of rooms) lengths[room] = (await tx.listQueue(room)).length;
        return lengths;
      });
    },
    async pendingInvitations(agentId) {
      return store.transaction((tx) => readPendingInvitations(tx, agentId));
    },
    async agentConnection(agentId) {
      return store.transaction(async (tx) => ({
        user: await tx.getUser(agentId),
        statusChoices: (await tx.getAgentProfile(agentId))?.statusChoices ?? 0,
        invitations: await readPendingInvitations(tx, agentId),
      }));
    },
    async setAgentStatusIf(agentId, expected, status, statusChoices) {
      return inUnit(async (unit) => {
        // The locks setAgentStatus takes, taken before reading: an `agents:status` of the agent's own
        // commits before this reads, or waits for this unit and then has the last word.
        const profile = await lockForStatusChange(unit, agentId);
        const user = await unit.tx.getUser(agentId);
        if (user?.role !== 'agent' || user.status !== expected) return false;
        if (statusChoices !== undefined && (profile?.statusChoices ?? 0) !== statusChoices) return false;
        await changeAgentStatus(unit, { id: agentId, role: 'agent' }, status, profile);
        return true;
      });
    },
    async chatChanged(chatId) {
      await inUnit(async (unit) => {
        const chat = await unit.tx.getChat(chatId);
        if (chat) await unit.emitChatUpdated(chat);
      });
    },
    expireDueOffers,
    async start() {
      running = true;
      const offers = await store.transaction((tx) => tx.listOffers());
      for (const offer of offers) armTimer(Date.parse(offer.expiresAt));
    },
    stop() {
      running = false;
      for (const handle of timers) timer.clearTimeout(handle);
      timers.clear();
    },
  };
}

/** An agent's unanswered offers as `invitation:new` payloads, soonest to expire first. */
async function readPendingInvitations(tx: StoreTransaction, agentId: string): Promise<ServerPayload<'invitation:new'>[]> {
  const invitations: ServerPayload<'invitation:new'>[] = [];
  for (const offer of await tx.listAgentOffers(agentId)) {
    const chat = await tx.getChat(offer.chatId);
    if (chat) invitations.push({ chat: toChat(chat), expiresAt: offer.expiresAt });
  }
  return invitations.sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : 0));
}

function toErrorPayload(error: unknown, onError: (error: unknown) => void): ErrorPayload {
  if (error instanceof ParleyError) return error.toPayload();
  onError(error);
  return { code: 'internal', message: 'internal error' };
}
