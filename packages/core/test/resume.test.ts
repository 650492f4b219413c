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

  it('learns the read position the server holds when a message read on an earlier page is marked again', async () => {
    const { engine, veraUser, chat, agentChat } = await activeChat();
    const hello = await agentChat.sendMessage('Hello Vera');
    await chat.markRead(hello);

    const reloaded = connect(engine, veraUser);
    reloaded.client.track(chat.id);
    const resumed = reloaded.client.chats.get(chat.id);
    // History pages in even though the chat was tracked before the link was up.
    await until(() => selectChat(chat.id)(reloaded.store.getState())?.status === 'active' && selectMessages(chat.id)(reloaded.store.getState()).toArray().length === 1);
    await agentChat.sendMessage('Are you still there?');
    // Nothing has told this page where Vera's read position is yet: both count as unread.
    await until(() => selectUnread(chat.id)(reloaded.store.getState()) === 2);
    // Vera's page marks what she sees, the old message included. The server's position does not
    // move for it, so nothing is pushed; the ack is what tells the store where she is.
    await resumed.markRead(hello);
    await until(() => reloaded.store.getState().reads[chat.id]?.[veraUser.id] === hello.seq);
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
