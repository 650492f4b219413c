import { createChatEngine, createMemoryStore } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { connectLocal as connect, until } from './helpers';

describe('agent helpers (over LocalTransport)', () => {
  it('sets status, rejects, accepts and transfers', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const desks = {
      ana: connect(engine, await engine.registerAgent({ id: 'ana', name: 'Ana', rooms: ['sales'] })),
      bob: connect(engine, await engine.registerAgent({ id: 'bob', name: 'Bob', rooms: ['sales'] })),
    };
    // Pushes only: bob connected after ana's status went out, so only ana learns of bob here.
    await until(() => desks.ana.store.getState().agents.bob === 'online' && desks.bob.store.getState().agents.bob === 'online');
    const visitor = connect(engine, await engine.registerVisitor({ name: 'Vera' }));
    await until(() => visitor.client.connection.status === 'connected');

    const chat = await visitor.client.chats.create({ room: 'sales', source: 'web' });
    await chat.assign({ interval: 60 });
    const offered = () => (['ana', 'bob'] as const).find((id) => chat.id in desks[id].store.getState().invitations);
    await until(() => offered() !== undefined);
    const first = offered()!;
    const second = first === 'ana' ? 'bob' : 'ana';

    await desks[first].client.agent.reject(chat.id);
    await until(() => chat.id in desks[second].store.getState().invitations);
    expect(desks[first].store.getState().invitations).toEqual({});

    const accepted = await desks[second].client.agent.accept(chat.id);
    await until(() => visitor.store.getState().chats[chat.id]?.assignee === second);
    expect(desks[second].store.getState().invitations).toEqual({});

    await accepted.transfer({ agentId: first });
    await until(() => chat.id in desks[first].store.getState().invitations);
    await desks[first].client.agent.accept(chat.id);
    await until(() => visitor.store.getState().chats[chat.id]?.assignee === first);
    expect(visitor.store.getState().users[second]).toMatchObject({ id: second, role: 'agent' });

    const user = await desks[first].client.agent.setStatus('away');
    expect(user.status).toBe('away');
    await until(() => desks[second].store.getState().agents[first] === 'away');

    // Visitors have no status: a typed refusal.
    await expect(visitor.client.agent.setStatus('online')).rejects.toMatchObject({ code: 'forbidden' });
    engine.stop();
  });
});
