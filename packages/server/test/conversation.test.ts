import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './harness';
import { agent, startTestServerOn, storeKinds, visitor } from './harness';

describe.each(storeKinds)('%s: a visitor and an agent, from create to close, over real sockets', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServerOn(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('queues, offers, accepts, talks with typing and read receipts, and closes', async () => {
    const ada = await agent(server, 'ada');
    const vera = await visitor(server, 'Vera');

    const { chat } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id });
    expect(chat).toMatchObject({ room: 'support', status: 'waiting', creator: vera.user.id, users: [vera.user.id], lastSeq: 0 });

    const assigned = await vera.send('chats:assign', { chatId: chat.id, interval: 30 });
    expect(assigned.chat.status).toBe('offered');
    const invitation = await ada.waitFor('invitation:new', (payload) => payload.chat.id === chat.id);
    expect(Date.parse(invitation.expiresAt)).toBeGreaterThan(Date.now() + 25_000);

    // The visitor may write before anyone accepts; the invited agent can read it.
    const early = await vera.send('messages:send', { chatId: chat.id, clientId: 'v-1', type: 'text', message: 'Hello?' });
    expect(early.message.seq).toBe(1);
    const peek = await ada.send('messages:list', { chatId: chat.id });
    expect(peek.messages.map((message) => message.message)).toEqual(['Hello?']);

    const accepted = await ada.send('invitations:accept', { chatId: chat.id });
    expect(accepted.chat).toMatchObject({ status: 'active', assignee: 'ada', users: [vera.user.id, 'ada'] });
    const joined = await vera.waitFor('user:joined', (payload) => payload.chatId === chat.id);
    expect(joined.user).toMatchObject({ id: 'ada', role: 'agent', name: 'Agent ada' });

    await ada.send('users:activity', { chatId: chat.id, userId: 'ada', type: 'writing' });
    expect(await vera.waitFor('user:activity')).toEqual({ chatId: chat.id, userId: 'ada', type: 'writing' });

    const reply = await ada.send('messages:send', { chatId: chat.id, clientId: 'a-1', type: 'text', message: 'Hi Vera!' });
    const delivered = await vera.waitFor('message:received', (payload) => payload.message.id === reply.message.id);
    expect(delivered.message).toMatchObject({ seq: 2, sender: 'ada', message: 'Hi Vera!' });

    const read = await vera.send('messages:read', { messageId: reply.message.id, userId: vera.user.id });
    expect(read).toEqual({ chatId: chat.id, seq: 2 });
    expect(await ada.waitFor('message:read')).toEqual({ chatId: chat.id, userId: vera.user.id, seq: 2, messageId: reply.message.id });

    const details = await vera.send('chats:get', { chatId: chat.id, fields: 'users,history' });
    expect(details.chat.history?.map((message) => message.seq)).toEqual([1, 2]);
    expect(details.chat.users).toEqual([
      expect.objectContaining({ id: vera.user.id, name: 'Vera' }),
      expect.objectContaining({ id: 'ada', role: 'agent' }),
    ]);

    const closed = await ada.send('chats:close', { chatId: chat.id, userId: 'ada' });
    expect(closed.chat).toMatchObject({ status: 'closed', closedBy: 'ada' });
    expect(await vera.waitFor('chat:closed')).toEqual({ chatId: chat.id, userId: 'ada' });
    const refused = await vera.refused('messages:send', { chatId: chat.id, clientId: 'v-2', type: 'text', message: 'still there?' });
    expect(refused.code).toBe('closed');

    const { chats } = await vera.send('users:chats', { userId: vera.user.id });
    expect(chats.map((listed) => [listed.id, listed.status])).toEqual([[chat.id, 'closed']]);
    vera.close();
    ada.close();
  });

  it('delivers to every socket of a user (two tabs)', async () => {
    const vera = await visitor(server, 'Two Tabs');
    const { connectParticipant } = await import('./harness');
    const secondTab = await connectParticipant(server, vera.user, vera.token);
    const { chat } = await vera.send('chats:create', { room: 'tabs', source: 'web', creator: vera.user.id });
    const sent = await vera.send('messages:send', { chatId: chat.id, clientId: 'tab-1', type: 'text', message: 'from tab one' });
    const seen = await secondTab.waitFor('message:received', (payload) => payload.message.id === sent.message.id);
    expect(seen.message.message).toBe('from tab one');
    // The sending socket has the message in its ack: no echo to it (docs/protocol.md). A message
    // from the other tab afterwards reaches it, so the first one had every chance to arrive.
    const other = await secondTab.send('messages:send', { chatId: chat.id, clientId: 'tab-2', type: 'text', message: 'from tab two' });
    await vera.waitFor('message:received', (payload) => payload.message.id === other.message.id);
    expect(vera.received('message:received').map((payload) => payload.message.id)).toEqual([other.message.id]);
    expect(secondTab.received('message:received').map((payload) => payload.message.id)).toEqual([sent.message.id]);
    vera.close();
    secondTab.close();
  });
});
