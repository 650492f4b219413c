import { createChatEngine, createMemoryStore } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { selectChat, selectMessages, selectUnread } from '../src/index';
import { connectLocal as connect, until } from './helpers';

/** A page reloaded mid-chat: a new client that knows only the chat id must show the chat as it is. */
describe('resuming a chat on a new client', () => {
  async function activeChat() {
    const engine = createChatEngine({ store: createMemoryStore() });
    const ana = connect(engine, await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['support'] }));
    const veraUser = await engine.registerVisitor({ name: 'Vera' });
    const vera = connect(engine, veraUser);
    await until(() => ana.store.getState().agents.ana === 'online' && vera.client.connection.status === 'connected');
    const chat = await vera.client.chats.create({ room: 'support', source: 'test' });
    await chat.assign();
    await until(() => chat.id in ana.store.getState().invitations);
    const agentChat = await ana.client.agent.accept(chat.id);
    return { engine, veraUser, chat, agentChat };
  }

  it('fetches the chat state for a tracked chat, whether tracked before or after the socket is up', async () => {
    const { engine, veraUser, chat } = await activeChat();
    const early = connect(engine, veraUser);
    early.client.track(chat.id);
    await until(() => selectChat(chat.id)(early.store.getState())?.status === 'active');
    expect(selectChat(chat.id)(early.store.getState())).toMatchObject({ assignee: 'ana', room: 'support' });
    // Who is who, although no `user:joined` reached this page: the agent's name, and the visitor's.
    await until(() => early.store.getState().users.ana?.name === 'Ana');
    expect(early.store.getState().users[veraUser.id]?.name).toBe('Vera');

    const late = connect(engine, veraUser);
    await until(() => late.client.connection.status === 'connected');
    late.client.track(chat.id);
    await until(() => selectChat(chat.id)(late.store.getState())?.status === 'active');
  });

  it('knows the members of a chat that `chats.create` resumed (another tab started it)', async () => {
    const { engine, veraUser, chat, agentChat } = await activeChat();
    const hello = await agentChat.sendMessage('Hello Vera');
    await chat.markRead(hello);
    const otherTab = connect(engine, veraUser);
    const resumed = await otherTab.client.chats.create({ room: 'support', source: 'test' });
    expect(resumed.id).toBe(chat.id);
    // No `user:joined` ever reached this client: the agent's name and the reads come with the chat.
    await until(() => otherTab.store.getState().users.ana?.name === 'Ana');
    await until(() => otherTab.store.getState().reads[chat.id]?.[veraUser.id] === hello.seq);
  });

  it('learns the read positions the server holds: my unread count and the others’ read receipts', async () => {
    const { engine, veraUser, chat, agentChat } = await activeChat();
    const hello = await agentChat.sendMessage('Hello Vera');
    await chat.markRead(hello);
    const thanks = await chat.sendMessage('Thanks, Ana');
    await agentChat.markRead(thanks);

    // Vera's page reloads: nothing is pushed about reads that happened before, yet the page knows them.
    const reloaded = connect(engine, veraUser);
    reloaded.client.track(chat.id);
    await until(() => selectMessages(chat.id)(reloaded.store.getState()).toArray().length === 2);
    await until(() => reloaded.store.getState().reads[chat.id]?.[veraUser.id] === hello.seq);
    expect(reloaded.store.getState().reads[chat.id]?.ana).toBe(thanks.seq); // Ana read Vera's message: ✓✓
    await agentChat.sendMessage('Are you still there?');
    // Only the new message is unread: the old one was read on the earlier page.
    await until(() => selectMessages(chat.id)(reloaded.store.getState()).toArray().length === 3);
    expect(selectUnread(chat.id)(reloaded.store.getState())).toBe(1);
    // Marking the old message again moves nothing and pushes nothing; the ack keeps the position.
    await reloaded.client.chats.get(chat.id).markRead(hello);
    expect(reloaded.store.getState().reads[chat.id]?.[veraUser.id]).toBe(hello.seq);
    expect(selectUnread(chat.id)(reloaded.store.getState())).toBe(1);
  });

  it("shows an agent's reloaded desk the offers still waiting for an answer", async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const anaUser = await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['support'] });
    const ana = connect(engine, anaUser);
    const vera = connect(engine, await engine.registerVisitor({ name: 'Vera' }));
    await until(() => ana.store.getState().agents.ana === 'online' && vera.client.connection.status === 'connected');
    const chat = await vera.client.chats.create({ room: 'support', source: 'test' });
    await chat.assign({ interval: 600 });
    await until(() => chat.id in ana.store.getState().invitations);

    const reloaded = connect(engine, anaUser);
    await until(() => chat.id in reloaded.store.getState().invitations);
    expect(reloaded.store.getState().invitations[chat.id]?.expiresAt).toBe(ana.store.getState().invitations[chat.id]?.expiresAt);
  });
});
