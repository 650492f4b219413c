import { serverEventNames } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participant, TestServer } from './harness';
import { agent, startTestServer, visitor } from './harness';

/**
 * Internal notes (issue 17): agents of the chat see them, live and listed; the visitor never receives
 * one — by no push, no history, no page and no REST route — and the visitor's seq stream has no gap.
 */
describe('internal notes', () => {
  let server: TestServer;
  let vera: Participant;
  let ann: Participant;
  let bob: Participant;
  let chatId: string;
  const secret = 'internal: the visitor is on the refund blocklist';

  beforeAll(async () => {
    server = await startTestServer({ rooms: ['support'] });
    ann = await agent(server, 'notes-ann');
    bob = await agent(server, 'notes-bob');
    vera = await visitor(server, 'Vera');
    ({ chat: { id: chatId } } = await vera.send('chats:create', { room: 'support', source: 'web', creator: vera.user.id }));
    await ann.send('chats:join', { chatId, userId: ann.user.id });
    await bob.send('chats:join', { chatId, userId: bob.user.id });
    await vera.send('messages:send', { chatId, clientId: 'm1', type: 'text', message: 'hello' });
  });
  afterAll(async () => {
    for (const participant of [vera, ann, bob]) participant?.close();
    await server?.stop();
  });

  it('reaches the chat’s agents, is idempotent on clientId, and is listed in order', async () => {
    const { note } = await ann.send('notes:add', { chatId, clientId: 'n1', message: secret });
    expect(note).toMatchObject({ chatId, sender: ann.user.id, message: secret, afterSeq: 1 });
    expect((await bob.waitFor('note:received', (payload) => payload.note.id === note.id)).note).toEqual(note);
    expect((await ann.waitFor('note:received', (payload) => payload.note.id === note.id)).note).toEqual(note);
    const again = await ann.send('notes:add', { chatId, clientId: 'n1', message: secret });
    expect(again.note).toEqual(note);
    await bob.send('notes:add', { chatId, clientId: 'n2', message: 'second note' });
    const { notes } = await bob.send('notes:list', { chatId });
    expect(notes.map((entry) => entry.message)).toEqual([secret, 'second note']);
    // A resend was not a second broadcast.
    expect(bob.received('note:received').filter((payload) => payload.note.id === note.id)).toHaveLength(1);
  });

  it('never reaches the visitor: no event, no history, no page, and no gap in seq', async () => {
    await ann.send('notes:add', { chatId, clientId: 'n3', message: `${secret} (again)` });
    // The sender's own socket gets the ack, not a push: the agent writes, the visitor receives.
    await ann.send('messages:send', { chatId, clientId: 'm2', type: 'text', message: 'still there?' });
    await vera.waitFor('message:received', (payload) => payload.message.clientId === 'm2');
    for (const event of serverEventNames) {
      expect(JSON.stringify(vera.received(event)), event).not.toContain('refund blocklist');
    }
    expect(vera.received('note:received')).toEqual([]);
    const { chat } = await vera.send('chats:get', { chatId, fields: 'users,history,reads' });
    expect(JSON.stringify(chat)).not.toContain('refund blocklist');
    expect(chat.lastSeq).toBe(2);
    expect(chat.history?.map((message) => message.seq)).toEqual([1, 2]);
    const page = await vera.send('messages:list', { chatId, afterSeq: 0 });
    expect(page.messages.map((message) => message.seq)).toEqual([1, 2]);
    expect(JSON.stringify(page)).not.toContain('refund blocklist');
    expect(JSON.stringify(await vera.send('users:chats', { userId: vera.user.id }))).not.toContain('refund blocklist');
    expect(await vera.refused('notes:list', { chatId })).toMatchObject({ code: 'forbidden' });
    expect(await vera.refused('notes:add', { chatId, clientId: 'v1', message: 'can I?' })).toMatchObject({ code: 'forbidden' });
  });

  it('refuses bad input: blank, oversized, unknown keys', async () => {
    expect(await ann.refused('notes:add', { chatId, clientId: 'b1', message: '   ' })).toMatchObject({ code: 'invalid_payload' });
    expect(await ann.refused('notes:add', { chatId, clientId: 'b2', message: 'x'.repeat(20_000) })).toMatchObject({ code: 'payload_too_large' });
    expect(await ann.refused('notes:add', { chatId, clientId: 'b3', message: 'hi', type: 'text' })).toMatchObject({ code: 'invalid_payload' });
    expect(await ann.refused('notes:add', { chatId: 'no-such-chat', clientId: 'b4', message: 'hi' })).toMatchObject({ code: 'not_found' });
  });
});
