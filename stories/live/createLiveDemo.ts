import { createChatStore, createClient, createLocalTransport } from '@parley/core';
import type { AssignOptions, ChatStore, ParleyClient } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import type { ChatEngine } from '@parley/engine';
import type { AgentStatus } from '@parley/protocol';

/**
 * A whole Parley deployment inside the page: an in-memory engine, the agent Ada (room `support`) played
 * by a script, and a visitor. Both clients talk to the engine over a LocalTransport, so live stories
 * need no server.
 */
export interface LiveDemo {
  engine: ChatEngine;
  visitor: ParleyClient;
  agent: ParleyClient;
  /** Made with their clients, before the first push (an agent's `agent:status` on connect is not replayed). */
  visitorStore: ChatStore;
  agentStore: ChatStore;
  /** Creates the visitor's chat in `support` and assigns it; resolves with its id. */
  startChat(options?: AssignOptions): Promise<string>;
  /** Stops the script's timers, the clients, the stores and the engine. Safe to call twice. */
  dispose(): void;
}

export interface LiveDemoOptions {
  /** Ada's presence at start (default `online`); `away` leaves chats waiting in the queue. */
  agentStatus?: AgentStatus;
  /** Whether the script accepts invitations (default true); false lets offers run out. */
  acceptInvitations?: boolean;
  /** Before Ada starts typing an answer (default 400 ms). */
  thinkMs?: number;
  /** How long Ada "types" before the answer arrives (default 900 ms). */
  typingMs?: number;
  /** Other visitors' chats queued ahead of this one (default 0). */
  queueAhead?: number;
  /** The engine's offer length when `chats:assign` names none. */
  offerIntervalMs?: number;
}

/** What the scripted agent answers to a visitor's message. */
export const scriptedReply = (text: string) => `You said: "${text}"`;

/** Resolves once the client's link is up: commands sent before it are refused (`disconnected`). */
function connected(client: ParleyClient): Promise<void> {
  return new Promise((resolve) => {
    if (client.connection.status === 'connected') return resolve();
    const stop = client.onConnection((state) => {
      if (state.status !== 'connected') return;
      stop();
      resolve();
    });
  });
}

export async function createLiveDemo(options: LiveDemoOptions = {}): Promise<LiveDemo> {
  const { agentStatus = 'online', acceptInvitations = true, thinkMs = 400, typingMs = 900, queueAhead = 0 } = options;
  const engine = createChatEngine({
    store: createMemoryStore(),
    ...(options.offerIntervalMs === undefined ? {} : { defaultIntervalMs: options.offerIntervalMs }),
  });
  const adaUser = await engine.registerAgent({ id: 'ada', name: 'Ada', rooms: ['support'], capacity: 5, status: agentStatus });
  const visitorUser = await engine.registerVisitor({ name: 'Vera' });
  const visitor = createClient({ transport: createLocalTransport({ engine, user: visitorUser }), storage: false });
  const agent = createClient({ transport: createLocalTransport({ engine, user: adaUser }), storage: false });
  const visitorStore = createChatStore(visitor);
  const agentStore = createChatStore(agent);

  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const quiet = () => undefined;
  const others: ParleyClient[] = [];
  let disposed = false;

  // The script: accept every invitation, answer every visitor message after "thinking" and "typing".
  const unsubscribes = [
    agent.subscribe('invitation:new', ({ chat }) => {
      if (acceptInvitations) agent.agent.accept(chat.id).catch(quiet);
    }),
    agent.subscribe('message:received', ({ message }) => {
      if (message.sender === adaUser.id || message.imported) return;
      const chat = agent.chats.get(message.chatId);
      later(thinkMs, () => {
        chat.setActivity('writing').catch(quiet);
        later(typingMs, () => void chat.sendMessage(scriptedReply(message.message)).catch(quiet));
      });
    }),
  ];

  // Other visitors first in line, so the queue position is more than 1.
  for (let index = 0; index < queueAhead; index++) {
    const user = await engine.registerVisitor({ name: `Visitor ${index + 1}` });
    const other = createClient({ transport: createLocalTransport({ engine, user }), storage: false });
    others.push(other);
    await connected(other);
    const chat = await other.chats.create({ room: 'support', source: 'story' });
    await chat.assign();
  }

  return {
    engine,
    visitor,
    agent,
    visitorStore,
    agentStore,
    async startChat(assignOptions) {
      await connected(visitor);
      const chat = await visitor.chats.create({ room: 'support', source: 'story' });
      await chat.assign(assignOptions);
      return chat.id;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const unsubscribe of unsubscribes) unsubscribe();
      visitorStore.destroy();
      agentStore.destroy();
      for (const client of [visitor, agent, ...others]) client.disconnect();
      engine.stop();
    },
  };
}
