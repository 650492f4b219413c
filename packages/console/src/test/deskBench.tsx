import { createClient, createLocalTransport, createMemoryStorage, ParleyError } from '@parley/core';
import type { ParleyClient, SignedIn } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import type { ChatEngine } from '@parley/engine';
import type { VisitorSignup } from '@parley/protocol';
import type { User } from '@parley/protocol';
import { waitFor } from '@testing-library/react';
import type { ConnectDesk, LoginAgent } from '../deskLink';

/**
 * A Parley deployment in the test: an in-memory engine with two agents of room `support` (ada / bob,
 * password `pw`), a login that answers like the server's, and a `connect` that links a session to the
 * engine through a LocalTransport. Every client made is disconnected by `dispose`.
 */
export interface DeskBench {
  engine: ChatEngine;
  server: string;
  storage: ReturnType<typeof createMemoryStorage>;
  login: LoginAgent;
  connect: ConnectDesk;
  ada: User;
  bob: User;
  /** A connected client for a user of the engine (a visitor, or another agent's desk). */
  clientFor(user: User): Promise<ParleyClient>;
  /**
   * Marks the chat as the server's mail planner does when its visitor wrote while nobody was online
   * (`Chat.origin = 'offline-message'`, stored on the chat; every later read of it carries the mark).
   */
  markOfflineMessage(chatId: string): Promise<void>;
  /** A visitor with a chat in `support`, assigned (offered to an online agent). */
  visitorChat(profile?: VisitorSignup): Promise<{ visitor: ParleyClient; chatId: string }>;
  dispose(): void;
}

export async function createDeskBench(options: { interval?: number } = {}): Promise<DeskBench> {
  const store = createMemoryStore();
  const engine = createChatEngine({ store, ...(options.interval ? { defaultIntervalMs: options.interval } : {}) });
  // Both start away: each test decides who is online, so offers go where it expects.
  const ada = await engine.registerAgent({ id: 'ada', name: 'Ada', rooms: ['support'], capacity: 3, status: 'away' });
  const bob = await engine.registerAgent({ id: 'bob', name: 'Bob', rooms: ['support', 'billing'], capacity: 3, status: 'away' });
  const agents: Record<string, User> = { ada, bob };
  const clients: ParleyClient[] = [];
  const server = 'http://parley.test';

  const login: LoginAgent = async (_server, { username, password }) => {
    const user = agents[username];
    if (!user || password !== 'pw') throw new ParleyError('unauthorized', 'invalid credentials');
    const signedIn: SignedIn = { user, session: { token: `token-${username}-${clients.length}`, expiresAt: '2099-01-01T00:00:00.000Z' } };
    return signedIn;
  };

  const track = (client: ParleyClient) => {
    clients.push(client);
    return client;
  };
  const connect: ConnectDesk = (session) =>
    track(createClient({ transport: createLocalTransport({ engine, user: session.user }), user: session.user, storage: false }));

  async function clientFor(user: User): Promise<ParleyClient> {
    const client = track(createClient({ transport: createLocalTransport({ engine, user }), storage: false }));
    await waitFor(() => {
      if (client.connection.status !== 'connected') throw new Error('not connected yet');
    });
    return client;
  }

  return {
    engine,
    server,
    storage: createMemoryStorage(),
    login,
    connect,
    ada,
    bob,
    clientFor,
    async markOfflineMessage(chatId) {
      await store.transaction(async (tx) => {
        const chat = await tx.getChat(chatId);
        if (!chat) throw new Error(`no chat ${chatId}`);
        await tx.updateChat({ ...chat, origin: 'offline-message' });
      });
    },
    async visitorChat(profile = { name: 'Vera' }) {
      const visitor = await clientFor(await engine.registerVisitor(profile));
      const chat = await visitor.chats.create({ room: 'support', source: 'web' });
      await chat.assign();
      return { visitor, chatId: chat.id };
    },
    dispose() {
      for (const client of clients.splice(0)) client.disconnect();
      engine.stop();
    },
  };
}
