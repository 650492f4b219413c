import { createChatEngine, createMemoryStore } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, ChatStore, ParleyClient } from '../src/index';
import { selectVisitorOnline } from '../src/index';
import type { Participant, TestServer } from './helpers';
import { agent, connectAs, connectLocal, removeDir, startServer, until, visitor } from './helpers';

/** A chat the visitor's client starts in room support, once the agent's desk holds the invitation. */
async function offeredChat(visitorClient: ParleyClient, desk: { store: ChatStore }): Promise<Chat> {
  const chat = await visitorClient.chats.create({ room: 'support', source: 'web' });
  await chat.assign();
  await until(() => chat.id in desk.store.getState().invitations);
  return chat;
}

/** An agent's store learns whether a chat's visitor is still on the page (`visitor:presence`). */
describe("an agent's client and the visitor's presence (real server)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(server.dataDir);
  });

  it('is read with the chat when the agent follows it, then follows the pushes', async () => {
    const ada: Participant = await agent(server, 'ada-presence');
    const vera = await visitor(server, 'Vera');
    const chat = await offeredChat(vera.client, ada);
    await ada.client.agent.accept(chat.id);
    const online = () => selectVisitorOnline(chat.id)(ada.store.getState());
    // Accepting follows the chat, which reads it with its presence.
    await until(() => online() === true);

    vera.close();
    await until(() => online() === false);
    expect(ada.store.getState().visitorsOnline).toEqual({ [vera.signedIn.user.id]: false });

    const back = await connectAs(server.url, vera.signedIn);
    await until(() => online() === true);

    // A desk opened later (a reload) reads it from chats:get, with no push to go by.
    back.close();
    await until(() => online() === false);
    const reloaded = await connectAs(server.url, ada.signedIn);
    reloaded.client.track(chat.id);
    await until(() => selectVisitorOnline(chat.id)(reloaded.store.getState()) === false);
    for (const participant of [ada, reloaded]) participant.close();
  });

  it("reads it again for the visitor's next chat: what it held from their last one is stale", async () => {
    const ada = await agent(server, 'ada-next');
    const vera = await visitor(server, 'Vera again');
    const first = await offeredChat(vera.client, ada);
    await ada.client.agent.accept(first.id);
    await until(() => selectVisitorOnline(first.id)(ada.store.getState()) === true);
    vera.close();
    await until(() => selectVisitorOnline(first.id)(ada.store.getState()) === false);
    await ada.client.chats.get(first.id).close();

    // Back another day: connected before any chat of theirs was open, so no push could say it.
    const back = await connectAs(server.url, vera.signedIn);
    const next = await offeredChat(back.client, ada);
    await ada.client.agent.accept(next.id);
    await until(() => selectVisitorOnline(next.id)(ada.store.getState()) === true, 3_000);
    for (const participant of [ada, back]) participant.close();
  });

  it("a visitor's own client asks for no presence and holds none", async () => {
    const ada = await agent(server, 'ada-own');
    const vera = await visitor(server, 'Vera herself');
    const chat = await offeredChat(vera.client, ada);
    await ada.client.agent.accept(chat.id);
    await until(() => vera.store.getState().chats[chat.id]?.status === 'active');
    vera.client.track(chat.id);
    await until(() => selectVisitorOnline(chat.id)(ada.store.getState()) === true);
    expect(vera.store.getState().visitorsOnline).toEqual({});
    for (const participant of [ada, vera]) participant.close();
  });
});

describe('LocalTransport says it too (an in-process engine)', () => {
  it('tells the agent when the visitor disconnects and connects again; a dropped link says nothing', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const ana = connectLocal(engine, await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['support'] }));
    await until(() => ana.store.getState().agents.ana === 'online');
    const vera = connectLocal(engine, await engine.registerVisitor({ name: 'Vera' }));
    const chat = await offeredChat(vera.client, ana);
    await ana.client.agent.accept(chat.id);
    const pushes: boolean[] = [];
    ana.client.subscribe('visitor:presence', ({ online }) => pushes.push(online));

    vera.transport.drop();
    await until(() => vera.client.connection.status === 'connected');
    vera.client.disconnect();
    await until(() => selectVisitorOnline(chat.id)(ana.store.getState()) === false);
    vera.client.connect();
    await until(() => selectVisitorOnline(chat.id)(ana.store.getState()) === true);
    expect(pushes).toEqual([false, true]);
    engine.stop();
  });
  it("answers an agent's chats:get presence, as the server does, and tells the return of a visitor it answered gone", async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const ana = connectLocal(engine, await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['support'] }));
    await until(() => ana.store.getState().agents.ana === 'online');
    const vera = connectLocal(engine, await engine.registerVisitor({ name: 'Vera' }));
    const chat = await offeredChat(vera.client, ana);
    // Gone before anyone was in the chat: nobody was told then.
    vera.client.disconnect();
    await ana.client.agent.accept(chat.id);
    // Following the chat reads it, with no push to go by.
    await until(() => selectVisitorOnline(chat.id)(ana.store.getState()) === false);
    vera.client.connect();
    await until(() => selectVisitorOnline(chat.id)(ana.store.getState()) === true);
    engine.stop();
  });
});
