import type { ClientEventName, ClientPayload, ClientResult, ErrorCode, ErrorPayload, ServerEventName, ServerPayload, User } from '@parley/protocol';
import type { Actor } from './actor';
import type { ChatEngine, ChatEngineOptions, CommandOutcome } from './engine';
import { createChatEngine } from './engine';
import type { ManualClock } from './manualClock';
import { createManualClock } from './manualClock';
import { createMemoryStore } from './memoryStore';
import type { OutgoingEvent } from './outgoing';
import type { ChatRecord, Store } from './store';

/** A command's outcome with the events it published (the engine's one stream, recorded per command). */
export type FixtureOutcome<Data> = CommandOutcome<Data> & { events: OutgoingEvent[] };

/**
 * A test bench: an engine on a memory store with a manual clock and predictable ids, recording every
 * event it emits (from commands and from timers) so tests can ask "who got what".
 */
export interface EngineFixture {
  engine: ChatEngine;
  store: Store;
  clock: ManualClock;
  /** Every event so far, in order. */
  events: OutgoingEvent[];
  /** Sends a raw payload through validation, as a transport would; returns the events it published too. */
  send<E extends ClientEventName>(actor: Actor, event: E, payload: ClientPayload<E>): Promise<FixtureOutcome<ClientResult<E>>>;
  /** Like send, but throws unless the command succeeded; returns its data. */
  ok<E extends ClientEventName>(actor: Actor, event: E, payload: ClientPayload<E>): Promise<ClientResult<E>>;
  /** Like send, but throws unless the command failed with `code`; returns the error message. */
  fails<E extends ClientEventName>(actor: Actor, event: E, payload: unknown, code: ErrorCode): Promise<string>;
  /** Payloads of `event` delivered to `userId`, in order. */
  received<E extends ServerEventName>(userId: string, event: E): ServerPayload<E>[];
  /** Forgets recorded events. */
  clearEvents(): void;
  visitor(name?: string): Promise<Actor>;
  agent(id: string, rooms?: string[], options?: { capacity?: number; status?: 'online' | 'away' | 'offline' }): Promise<Actor>;
  /** A visitor's chat created (and assigned, unless `assign: false`) in `room`. */
  chat(visitor: Actor, room?: string, assign?: false | { maxAttempts?: number; interval?: number; algorithm?: 'least-busy' | 'round-robin' | 'random' }): Promise<string>;
}

export function createEngineFixture(options: Partial<ChatEngineOptions> = {}): EngineFixture {
  const clock = createManualClock();
  const store = options.store ?? createMemoryStore();
  let nextId = 0;
  const errors: unknown[] = [];
  const engine = createChatEngine({
    store,
    clock,
    timer: clock.timer,
    createId: () => `id-${String(++nextId).padStart(4, '0')}`,
    random: () => 0,
    onError: (error) => errors.push(error),
    ...options,
  });
  const events: OutgoingEvent[] = [];
  engine.subscribe((emitted) => events.push(...emitted));

  async function send<E extends ClientEventName>(actor: Actor, event: E, payload: unknown): Promise<FixtureOutcome<ClientResult<E>>> {
    // Commands in a test run one at a time, so what the stream recorded meanwhile is this command's.
    const from = events.length;
    const outcome = (await engine.handle(actor, event, payload)) as CommandOutcome<ClientResult<E>>;
    if (errors.length > 0) throw errors[0];
    return { ...outcome, events: events.slice(from) };
  }

  const fixture: EngineFixture = {
    engine,
    store,
    clock,
    events,
    send,
    async ok(actor, event, payload) {
      const outcome = await send(actor, event, payload);
      if (!outcome.ok) throw new Error(`${event} failed: ${outcome.error.code}: ${outcome.error.message}`);
      return outcome.data;
    },
    async fails(actor, event, payload, code) {
      const outcome = await send(actor, event, payload);
      if (outcome.ok) throw new Error(`${event} succeeded; expected ${code}`);
      if (outcome.error.code !== code) {
        throw new Error(`${event} failed with ${outcome.error.code} (${outcome.error.message}); expected ${code}`);
      }
      return outcome.error.message;
    },
    received(userId, event) {
      return events
        .filter((sent) => sent.event === event && sent.to.includes(userId))
        .map((sent) => sent.payload as ServerPayload<typeof event>);
    },
    clearEvents() {
      events.length = 0;
    },
    async visitor(name) {
      const user = await engine.registerVisitor(name === undefined ? {} : { name });
      return { id: user.id, role: 'user' };
    },
    async agent(id, rooms = ['support'], { capacity = 3, status = 'online' } = {}) {
      await engine.registerAgent({ id, name: `Agent ${id}`, rooms, capacity, status });
      return { id, role: 'agent' };
    },
    async chat(visitor, room = 'support', assign = {}) {
      const { chat } = await fixture.ok(visitor, 'chats:create', { room, source: 'web', creator: visitor.id });
      if (assign !== false) await fixture.ok(visitor, 'chats:assign', { chatId: chat.id, ...assign });
      return chat.id;
    },
  };
  return fixture;
}

/** Recorded events as `event -> sorted recipients`, so a test states exactly who got what. */
export function log(events: readonly OutgoingEvent[]): string[] {
  return events.map((sent) => to(sent.event, ...sent.to));
}

/** One line of `log`. */
export function to(event: string, ...ids: string[]): string {
  return `${event} -> ${[...ids].sort().join(',')}`;
}

/** The refusal of a command that must fail; a refused command must emit nothing. */
export async function refusal<E extends ClientEventName>(
  fx: EngineFixture,
  actor: Actor,
  event: E,
  payload: ClientPayload<E>,
): Promise<ErrorPayload> {
  const outcome = await fx.send(actor, event, payload);
  if (outcome.ok) throw new Error(`${event} succeeded; expected a refusal`);
  if (outcome.events.length > 0) throw new Error(`${event} was refused but emitted ${log(outcome.events).join('; ')}`);
  return outcome.error;
}

/** An agent as `fx.agent` registers it. */
export function agentUser(id: string, status: 'online' | 'away' | 'offline' = 'online'): User {
  return { id, role: 'agent', name: `Agent ${id}`, status };
}

/** The chat as stored, routing internals included. */
export async function stored(fx: EngineFixture, chatId: string): Promise<ChatRecord> {
  const chat = await fx.store.transaction((tx) => tx.getChat(chatId));
  if (!chat) throw new Error(`no chat ${chatId}`);
  return chat;
}
