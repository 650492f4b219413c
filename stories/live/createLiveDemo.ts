import { createClient, createLocalTransport } from '@parley/core';
import type { AssignOptions, ParleyClient } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import type { ChatEngine } from '@parley/engine';
import type { AgentStatus } from '@parley/protocol';
import { importInBatches, longHistory } from './longHistory';
import { refuseFirstSends } from './refusingTransport';
import { startScriptedAgent } from './scriptedAgent';
import type { AgentScript } from './scriptedAgent';
import { queueVisitorsAhead } from './visitorsAhead';

/** The one room of the demo: Ada serves it, every visitor writes to it. */
export const demoRoom = 'support';

/**
 * A whole Parley deployment inside the page: an in-memory engine, the agent Ada (room `support`) played
 * by a script, and a visitor. Both clients talk to the engine over a LocalTransport, so live stories
 * need no server.
 */
export interface LiveDemo {
  engine: ChatEngine;
  visitor: ParleyClient;
  agent: ParleyClient;
  /** Agents online in `support` now: none means the visitor should be offered the offline form. */
  agentsOnline(): Promise<number>;
  /** Creates the visitor's chat in `support` (with the `history` option imported) and assigns it; resolves with its id. */
  startChat(options?: AssignOptions): Promise<string>;
  /** The offline form's submit: a chat holding the visitor's message, queued for the next agent; resolves with its id. */
  leaveMessage(input: { name: string; email: string; message: string }): Promise<string>;
  /** Stops the script's timers, the clients (and their stores) and the engine. Safe to call twice. */
  dispose(): void;
}

export interface LiveDemoOptions extends AgentScript {
  /** Ada's presence at start (default `online`); `offline` keeps her client disconnected. */
  agentStatus?: AgentStatus;
  /** Chats Ada holds at once (default 5); with 1, visitors ahead keep the story's visitor waiting. */
  agentCapacity?: number;
  /** Other visitors' chats queued ahead of this one (default 0). */
  queueAhead?: number;
  /** Each visitor ahead ends their chat this long after Ada joined it, so the queue moves (default: never). */
  aheadChatMs?: number;
  /** The engine's offer length when `chats:assign` names none. */
  offerIntervalMs?: number;
  /** Messages of an earlier conversation imported into the visitor's chat (`history:import`) before it is assigned. */
  history?: number;
  /** The visitor's first this-many messages are refused on the way, so they show as failed with Retry. */
  refuseSends?: number;
}

export async function createLiveDemo(options: LiveDemoOptions = {}): Promise<LiveDemo> {
  const { agentStatus = 'online', agentCapacity = 5, queueAhead = 0, history = 0, refuseSends = 0 } = options;
  const engine = createChatEngine({
    store: createMemoryStore(),
    ...(options.offerIntervalMs === undefined ? {} : { defaultIntervalMs: options.offerIntervalMs }),
  });
  const adaUser = await engine.registerAgent({ id: 'ada', name: 'Ada', rooms: [demoRoom], capacity: agentCapacity, status: agentStatus });
  const visitorUser = await engine.registerVisitor({ name: 'Vera' });
  const link = createLocalTransport({ engine, user: visitorUser });
  const visitor = createClient({ transport: refuseSends > 0 ? refuseFirstSends(link, refuseSends) : link, storage: false });
  // A connecting agent comes online (like the server's presence), so an offline Ada stays unconnected.
  const agent = createClient({ transport: createLocalTransport({ engine, user: adaUser }), storage: false, autoConnect: agentStatus !== 'offline' });
  const stopAgent = startScriptedAgent(agent, options);
  const stopVisitorsAhead = await queueVisitorsAhead(engine, {
    room: demoRoom,
    count: queueAhead,
    ...(options.aheadChatMs === undefined ? {} : { leaveAfterMs: options.aheadChatMs }),
  });
  let disposed = false;

  return {
    engine,
    visitor,
    agent,
    async agentsOnline() {
      const online = await engine.onlineAgents([demoRoom]);
      return online[demoRoom] ?? 0;
    },
    async startChat(assignOptions) {
      const chat = await visitor.chats.create({ room: demoRoom, source: 'story' });
      // The visitor imports its earlier (bot) conversation: as itself and `assistant`, never as an agent.
      if (history > 0) await importInBatches(chat, longHistory(history, { visitor: visitorUser.id, agent: 'assistant' }));
      await chat.assign(assignOptions);
      return chat.id;
    },
    async leaveMessage({ name, email, message }) {
      const chat = await visitor.chats.create({ room: demoRoom, source: 'offline-form' });
      await chat.sendMessage(`${message}\n\n${name} <${email}>`);
      // Queued, so the next agent to come online is offered it.
      await chat.assign();
      return chat.id;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      stopAgent();
      stopVisitorsAhead();
      for (const client of [visitor, agent]) client.destroy();
      engine.stop();
    },
  };
}
