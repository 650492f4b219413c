import type { ChatEngine } from '@parley/engine';
import { ParleyError } from '@parley/protocol';
import type { AckEnvelope, ClientEventName, ClientPayload, ClientResult, ServerEvent, User } from '@parley/protocol';
import type { ConnectionState, Transport, TransportListeners } from './transport';

export interface LocalTransportOptions {
  engine: ChatEngine;
  /** A user the engine knows (`engine.registerVisitor()` / `registerAgent()`). */
  user: User;
  /** Delay before a dropped link comes back (default 20 ms). */
  reconnectDelayMs?: number;
}

/** A transport whose "server" is an engine in the same page: stories, demos and UI tests. */
export interface LocalTransport extends Transport {
  readonly user: User;
  /** Simulates a network fault: acks in flight and pushes are lost, then the link comes back. */
  drop(): void;
}

/** Every local link of each user on one engine, like the server's user rooms. */
interface LocalHub {
  links: Map<string, Set<LocalLink>>;
  /** Visitors whose agents were told they left (`visitor:presence`): their return is told too. */
  left: Set<string>;
  /** Per user, links dropped and coming back (`drop`): as within the server's grace, still there. */
  dropped: Map<string, number>;
}

interface LocalLink {
  /** An engine event, or a replayed invitation; its recipients (`to`), if any, are ignored. */
  push(event: ServerEvent): void;
}

// Keyed by engine so several clients on one engine share routing without a hub to pass around; a
// WeakMap so dropping the engine frees it (no module state outlives its engine).
const hubs = new WeakMap<ChatEngine, LocalHub>();

function hubOf(engine: ChatEngine): LocalHub {
  let hub = hubs.get(engine);
  if (hub) return hub;
  const links = new Map<string, Set<LocalLink>>();
  // The engine's one event stream, delivered as the server does: command results, presence, timers.
  engine.subscribe((events) => {
    for (const event of events) {
      for (const userId of event.to) for (const link of links.get(userId) ?? []) link.push(event);
    }
  });
  hub = { links, left: new Set(), dropped: new Map() };
  hubs.set(engine, hub);
  return hub;
}

/**
 * Tells the agents in a visitor's open chats that the visitor left or came back, as the server's
 * `visitor:presence` does (without its grace: here a link only goes away when closed on purpose).
 * Whether anyone was told.
 */
async function announcePresence(engine: ChatEngine, hub: LocalHub, visitorId: string, online: boolean): Promise<boolean> {
  const outcome = await engine.execute({ id: visitorId, role: 'user' }, 'users:chats', { userId: visitorId });
  if (!outcome.ok) return false;
  let told = false;
  for (const chat of outcome.data.chats) {
    if (chat.status === 'closed') continue;
    for (const userId of chat.users) {
      if (userId === visitorId) continue;
      for (const link of hub.links.get(userId) ?? []) link.push({ event: 'visitor:presence', payload: { chatId: chat.id, userId: visitorId, online } });
      told = true;
    }
  }
  return told;
}

/**
 * The same contract as the socket.io transport, over an in-process engine. Payloads are cloned both
 * ways, as JSON would on the wire, so a UI can never mutate the engine's data by accident.
 */
export function createLocalTransport(options: LocalTransportOptions): LocalTransport {
  const { engine, user } = options;
  const hub = hubOf(engine);
  const actor = { id: user.id, role: user.role };
  const reconnectDelayMs = options.reconnectDelayMs ?? 20;
  let listeners: TransportListeners | undefined;
  let state: ConnectionState = { status: 'idle' };
  // Bumped on every link change: an ack that belongs to an older link is lost, as on a real socket.
  let generation = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  // Counted in `hub.dropped` until it is attached again or closed.
  let dropped = false;

  const link: LocalLink = {
    push(event) {
      const copy = clone(event);
      // Asynchronous like a socket: a listener never runs inside the sender's call stack.
      const sentOn = generation;
      queueMicrotask(() => {
        if (sentOn === generation && state.status === 'connected') listeners?.event(copy);
      });
    },
  };

  function setState(next: ConnectionState): void {
    state = next;
    listeners?.state(next);
  }

  /** No longer dropped: attached again, or closed on purpose. */
  function undrop(): void {
    if (!dropped) return;
    dropped = false;
    const count = (hub.dropped.get(user.id) ?? 1) - 1;
    if (count > 0) hub.dropped.set(user.id, count);
    else hub.dropped.delete(user.id);
  }

  function attach(): void {
    undrop();
    let set = hub.links.get(user.id);
    if (!set) {
      set = new Set();
      hub.links.set(user.id, set);
    }
    set.add(link);
    if (user.role === 'user' && hub.left.delete(user.id)) void announcePresence(engine, hub, user.id, true);
  }

  /** `closed`: on purpose (`disconnect`); a dropped link comes back, as within the server's grace. */
  function detach(closed: boolean): void {
    const set = hub.links.get(user.id);
    if (!set?.delete(link)) return;
    if (!closed || user.role !== 'user' || set.size > 0) return;
    void announcePresence(engine, hub, user.id, false).then((told) => {
      // Only a visitor someone was told about is told back; one who came back meanwhile already is.
      if (told && !hub.links.get(user.id)?.size) hub.left.add(user.id);
      else if (told) void announcePresence(engine, hub, user.id, true);
    });
  }

  async function open(): Promise<void> {
    const opening = ++generation;
    await Promise.resolve();
    if (opening !== generation) return;
    attach();
    setState({ status: 'connected' });
    if (user.role !== 'agent') return;
    // As the server does once a socket is up: an agent comes online with its first link, and offers
    // still waiting for an answer come again.
    const current = await engine.getUser(user.id);
    if (current?.status === 'offline') await engine.execute(actor, 'agents:status', { status: 'online' });
    if (opening !== generation) return;
    for (const payload of await engine.pendingInvitations(user.id)) link.push({ event: 'invitation:new', payload });
  }

  /**
   * An agent's `chats:get { fields: 'presence' }`: the engine answers `visitorOnline` only when made with
   * `isConnected`, which an app's engine lacks; here it is whether a link of the visitor is attached, as
   * the server answers from its sockets. A visitor answered gone is told back on their return, as one
   * told by a push is (an agent who accepted after the visitor left).
   */
  function withPresence<E extends ClientEventName>(event: E, payload: ClientPayload<E>, data: ClientResult<E>): ClientResult<E> {
    if (event !== 'chats:get' || user.role !== 'agent') return data;
    const { fields } = payload as ClientPayload<'chats:get'>;
    const { chat } = data as ClientResult<'chats:get'>;
    if (!fields?.split(',').some((field) => field.trim() === 'presence') || chat.visitorOnline !== undefined) return data;
    const online = (hub.links.get(chat.creator)?.size ?? 0) > 0 || hub.dropped.has(chat.creator);
    if (!online) hub.left.add(chat.creator);
    return { chat: { ...chat, visitorOnline: online } } as ClientResult<E>;
  }

  return {
    user,
    get state() {
      return state;
    },
    async emit<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<AckEnvelope<ClientResult<E>>> {
      if (state.status !== 'connected') throw new ParleyError('disconnected', `not connected; ${event} was not sent`);
      const sentOn = generation;
      const outcome = await engine.handle(actor, event, clone(payload));
      // The command ran; only its answer is lost when the link changed meanwhile.
      if (sentOn !== generation) throw new ParleyError('timeout', `connection lost before ${event} was acknowledged; it may have run`);
      const envelope = outcome.ok ? { ok: true as const, data: withPresence(event, payload, outcome.data) } : { ok: false as const, error: outcome.error };
      return clone(envelope) as AckEnvelope<ClientResult<E>>;
    },
    listen(next) {
      listeners = next;
      return () => {
        if (listeners === next) listeners = undefined;
      };
    },
    connect() {
      if (state.status === 'connected' || state.status === 'connecting' || state.status === 'reconnecting') return;
      setState({ status: 'connecting' });
      void open();
    },
    disconnect() {
      clearTimeout(reconnectTimer);
      generation += 1;
      undrop();
      detach(true);
      setState({ status: 'disconnected' });
    },
    drop() {
      if (state.status !== 'connected') return;
      generation += 1;
      detach(false);
      if (!dropped) {
        dropped = true;
        hub.dropped.set(user.id, (hub.dropped.get(user.id) ?? 0) + 1);
      }
      setState({ status: 'reconnecting', error: new ParleyError('disconnected', 'connection lost: dropped') });
      reconnectTimer = setTimeout(() => void open(), reconnectDelayMs);
    },
  };
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
