import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@parley/protocol';
import { createMemoryStorage, isStored, messageStatus, selectMessages } from '../src/index';
import type { Participant, TestServer } from './helpers';
import { agent, connectAs, removeDir, startServer, until, visitor } from './helpers';

describe('visitor ↔ agent through @parley/core against a real server', () => {
  let server: TestServer;
  let vera: Participant;
  let ana: Participant;

  beforeAll(async () => {
    server = await startServer();
    ana = await agent(server, 'ana');
    vera = await visitor(server);
  });

  afterAll(async () => {
    vera?.close();
    ana?.close();
    await server?.close();
    if (server) await removeDir(server.dataDir);
  });

  it('creates, assigns, converses, types, reads and closes', async () => {
    const chat = await vera.client.chats.create({ room: 'support', source: 'web' });
    const found: Promise<User> = chat.searchAgent({ interval: 10 });

    await until(() => chat.id in ana.store.getState().invitations);
    const accepted = await ana.client.agent.accept(chat.id);
    const joined = await found;
    expect(joined).toMatchObject({ id: 'ana', role: 'agent' });
    await until(() => vera.store.getState().chats[chat.id]?.status === 'active');

    const sent = await chat.sendMessage('Hello, I need help');
    expect(sent).toMatchObject({ chatId: chat.id, seq: 1, sender: vera.signedIn.user.id });
    const reply = await accepted.sendMessage('Hi! How can I help?');
    expect(reply.seq).toBe(2);

    const seqs = (p: Participant) => selectMessages(chat.id)(p.store.getState()).toArray().map((m) => [m.seq, messageStatus(m)]);
    await until(() => seqs(vera).length === 2 && seqs(ana).length === 2);
    expect(seqs(vera)).toEqual([[1, 'sent'], [2, 'sent']]);
    expect(seqs(ana)).toEqual([[1, 'sent'], [2, 'sent']]);
    expect(vera.store.getState().unread[chat.id]).toBe(1);

    // Typing: writing on the first keystroke, gone when the input is emptied.
    const typing = chat.watchTyping(undefined, { pauseMs: 5_000 });
    typing.input('W');
    await until(() => (ana.store.getState().typing[chat.id] ?? []).includes(vera.signedIn.user.id));
    typing.input('');
    await until(() => (ana.store.getState().typing[chat.id] ?? []).length === 0);
    typing.dispose();

    // Read receipts and unread counts.
    await chat.markRead(reply);
    await until(() => ana.store.getState().reads[chat.id]?.[vera.signedIn.user.id] === 2);
    expect(vera.store.getState().unread[chat.id]).toBe(0);

    const details = await chat.get('users,history');
    expect(details.history?.map((m) => m.message)).toEqual(['Hello, I need help', 'Hi! How can I help?']);
    await chat.focus();

    await chat.close();
    await until(() => ana.store.getState().chats[chat.id]?.status === 'closed');
    expect(vera.store.getState().chats[chat.id]?.status).toBe('closed');
  });

  it('searchAgent rejects with no_agents when nobody accepts', async () => {
    const lone = await visitor(server, 'Lone');
    try {
      const chat = await lone.client.chats.create({ room: 'support', source: 'web' });
      const search = chat.searchAgent({ interval: 0.2, maxAttempts: 1 });
      await expect(search).rejects.toMatchObject({ name: 'ParleyError', code: 'no_agents' });
      await chat.close();
    } finally {
      lone.close();
    }
  });

  it('keeps a message written offline across a page reload, then delivers it once', async () => {
    const storage = createMemoryStorage();
    const first = await visitor(server, 'Reloader', { storage });
    const chat = await first.client.chats.create({ room: 'reload', source: 'web' });
    first.client.disconnect();
    const pending = chat.sendMessage('written while offline');
    expect(selectMessages(chat.id)(first.store.getState()).toArray()).toMatchObject([{ status: 'sending' }]);
    first.close(); // the page goes away with the message unsent
    void pending.catch(() => undefined);

    const second = await connectAs(server.url, first.signedIn, { storage });
    try {
      const reopened = second.client.chats.get(chat.id);
      await until(() => selectMessages(chat.id)(second.store.getState()).toArray().some(isStored));
      expect(selectMessages(chat.id)(second.store.getState()).toArray()).toMatchObject([
        { seq: 1, message: 'written while offline' },
      ]);
      expect(second.client.outbox.entries()).toEqual([]);
      const { messages } = await second.client.send('messages:list', { chatId: reopened.id });
      expect(messages).toHaveLength(1);
    } finally {
      second.close();
    }
  });
});
