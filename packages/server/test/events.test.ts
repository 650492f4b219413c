import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { agent, startTestServer, visitor } from './harness';

/** The §4 events the conversation test does not walk through, each end to end over real sockets. */
describe('the rest of PROTOCOL.md §4 over the wire', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('invitations:reject moves the offer to the next agent; chats:transfer hands over to an agent and to a room', async () => {
    const ann = await agent(server, 'ann', ['support']);
    const bob = await agent(server, 'bob', ['support']);
    const sam = await agent(server, 'sam', ['sales']);
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'support', source: 7, creator: vera.user.id });
    expect(chat.source).toBe('7');
    await vera.send('chats:assign', { chatId: chat.id, algorithm: 'round-robin' });
    // Round-robin with no offers yet goes by id: ann first.
    const [first, second] = [ann, bob];
    await first.waitFor('invitation:new', (p) => p.chat.id === chat.id);
    const rejected = await first.send('invitations:reject', { chatId: chat.id });
    expect(rejected.chat.status).toBe('offered');
    await first.waitFor('invitation:expired', (p) => p.chatId === chat.id);
    await second.waitFor('invitation:new', (p) => p.chat.id === chat.id);
    await second.send('invitations:accept', { chatId: chat.id });

    // The chat stays with its agent while the colleague is asked; the visitor is told.
    const toAgent = await second.send('chats:transfer', { chatId: chat.id, agentId: first.user.id });
    expect(toAgent.chat).toMatchObject({ status: 'active', assignee: second.user.id, transfer: { from: second.user.id, agentId: first.user.id } });
    const notice = await vera.waitFor('message:received', (p) => p.message.type === 'system');
    expect(notice.message.message).toMatch(/is transferring you to/);
    await first.waitFor('invitation:new', (p) => p.chat.id === chat.id && p.chat.transfer !== undefined);
    await second.send('messages:send', { chatId: chat.id, clientId: 'before-handover', type: 'text', message: 'One moment, a colleague knows more.' });
    await first.send('invitations:accept', { chatId: chat.id });
    expect(await vera.waitFor('user:left')).toMatchObject({ chatId: chat.id, user: { id: second.user.id } });
    // After a reload, what the agent who left wrote still has a name: they come as formerUsers.
    for (const reader of [vera, first]) {
      const { chat: details } = await reader.send('chats:get', { chatId: chat.id, fields: 'users' });
      expect((details.users as { id: string }[]).map((user) => user.id)).not.toContain(second.user.id);
      expect(details.formerUsers).toEqual([expect.objectContaining({ id: second.user.id, name: second.user.name })]);
    }

    const targets = await first.send('transfer:targets', { chatId: chat.id });
    expect(targets.rooms.map((room) => room.room)).toContain('support');
    expect(targets.agents.map((colleague) => colleague.user.id)).toContain(second.user.id);
    const toRoom = await first.send('chats:transfer', { chatId: chat.id, room: 'sales' });
    expect(toRoom.chat).toMatchObject({ room: 'support', status: 'active', transfer: { room: 'sales' } });
    await sam.waitFor('invitation:new', (p) => p.chat.id === chat.id);
    const accepted = await sam.send('invitations:accept', { chatId: chat.id });
    expect(accepted.chat).toMatchObject({ room: 'sales', status: 'active', assignee: 'sam' });
    for (const participant of [ann, bob, sam, vera]) participant.close();
  });

  it('chats:join lets an agent of the room pick a queued chat; history:import adds flagged messages', async () => {
    const dan = await agent(server, 'dan', ['billing']);
    await dan.send('agents:status', { status: 'away' });
    const vera = await visitor(server);
    const { chat } = await vera.send('chats:create', { room: 'billing', source: 'web', creator: vera.user.id });
    const imported = await vera.send('history:import', {
      chatId: chat.id,
      history: [
        { created: 1_700_000_100, type: 'text', message: 'second', sender: 'assistant' },
        { created: 1_700_000_000, type: 'object', message: '{"card":"welcome"}', sender: 'system' },
      ],
    });
    expect(imported).toEqual({ imported: 2 });
    await vera.send('chats:assign', { chatId: chat.id });
    expect((await vera.waitFor('queues:update', (p) => p.chatId === chat.id)).queuePosition).toBe(1);

    const joined = await dan.send('chats:join', { chatId: chat.id, userId: 'dan' });
    expect(joined.chat).toMatchObject({ status: 'active', assignee: 'dan', users: [vera.user.id, 'dan'] });
    const { messages } = await dan.send('messages:list', { chatId: chat.id });
    expect(messages.map((m) => [m.seq, m.message, m.type, m.imported])).toEqual([
      [1, '{"card":"welcome"}', 'system', true],
      [2, 'second', 'text', true],
    ]);
    expect(await dan.refused('chats:join', { chatId: chat.id, userId: vera.user.id })).toMatchObject({ code: 'forbidden' });

    const status = await dan.send('agents:status', { status: 'online' });
    expect(status.user).toMatchObject({ id: 'dan', status: 'online' });
    expect(await dan.send('user:focus', { chatId: chat.id })).toEqual({});
    dan.close();
    vera.close();
  });
});
