import { createChatEngine, createMemoryStore } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { selectMessages } from '../src/index';
import { connectLocal as connect, until } from './helpers';

const total = 200;

describe('the same client over LocalTransport (in-process engine)', () => {
  it('runs the visitor ↔ agent flow and survives drops with exactly-once, in-order delivery', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const agentUser = await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['support'] });
    const ana = connect(engine, agentUser);
    await until(() => ana.store.getState().agents.ana === 'online');
    const vera = connect(engine, await engine.registerVisitor({ name: 'Vera' }));
    await until(() => vera.client.connection.status === 'connected');

    const chat = await vera.client.chats.create({ room: 'support', source: 'story' });
    const found = chat.searchAgent();
    await until(() => chat.id in ana.store.getState().invitations);
    const accepted = await ana.client.agent.accept(chat.id);
    await expect(found).resolves.toMatchObject({ id: 'ana' });

    // Faults injected from inside the delivery stream, so they land mid-conversation for sure.
    const drops: string[] = [];
    vera.client.subscribe('message:received', ({ message }) => {
      if (message.seq === 50 || message.seq === 150) {
        drops.push(`vera@${message.seq}`);
        vera.transport.drop();
      }
    });
    ana.client.subscribe('message:received', ({ message }) => {
      if (message.seq === 100 || message.seq === 150) {
        drops.push(`ana@${message.seq}`);
        ana.transport.drop();
      }
    });
    const sends = Array.from({ length: total }, (_, index) => chat.sendMessage(`message ${index}`));
    await Promise.all(sends);
    await accepted.sendMessage('done');
    expect(drops.sort()).toEqual(['ana@100', 'ana@150', 'vera@150', 'vera@50']);

    for (const { store } of [vera, ana]) {
      await until(() => selectMessages(chat.id)(store.getState()).sentCount === total + 1);
      const messages = selectMessages(chat.id)(store.getState()).toArray();
      expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: total + 1 }, (_, index) => index + 1));
      expect(new Set(messages.map((message) => message.clientId)).size).toBe(total + 1);
      expect(messages.slice(0, total).map((message) => message.message)).toEqual(Array.from({ length: total }, (_, index) => `message ${index}`));
    }
    engine.stop();
  });

  it('rejects a send while disconnected with code disconnected, and typed server errors', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const vera = connect(engine, await engine.registerVisitor({ name: 'Vera' }));
    await until(() => vera.client.connection.status === 'connected');
    await expect(vera.client.send('chats:get', { chatId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    vera.client.disconnect();
    expect(vera.client.connection.status).toBe('disconnected');
    await expect(vera.client.send('users:chats', { userId: vera.user.id })).rejects.toMatchObject({ code: 'disconnected' });
    engine.stop();
  });

  it('searchAgent on a chat an agent already took (resumed after a reload) answers that agent by name, not a bare id', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const agentUser = await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['support'] });
    const ana = connect(engine, agentUser);
    await until(() => ana.store.getState().agents.ana === 'online');
    const veraUser = await engine.registerVisitor({ name: 'Vera' });
    const vera = connect(engine, veraUser);
    const chat = await vera.client.chats.create({ room: 'support', source: 'story' });
    const found = chat.searchAgent();
    await until(() => chat.id in ana.store.getState().invitations);
    await ana.client.agent.accept(chat.id);
    await expect(found).resolves.toMatchObject({ id: 'ana', name: 'Ana' });

    const reloaded = connect(engine, veraUser);
    const resumed = await reloaded.client.chats.create({ room: 'support', source: 'story' });
    expect(resumed.id).toBe(chat.id);
    await expect(resumed.searchAgent()).resolves.toMatchObject({ id: 'ana', role: 'agent', name: 'Ana' });
    expect(reloaded.store.getState().users.ana?.name).toBe('Ana');
    for (const { client } of [ana, vera, reloaded]) client.destroy();
    engine.stop();
  });
});
