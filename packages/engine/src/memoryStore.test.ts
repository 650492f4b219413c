import type { User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memoryStore';
import type { ChatRecord, MessageDraft, Store, StoreTransaction } from './store';

const T0 = '2026-01-01T00:00:00.000Z';

const visitor: User = { id: 'v1', role: 'user', name: 'Vera' };

function chatRecord(id: string, overrides: Partial<ChatRecord> = {}): ChatRecord {
  return {
    id,
    room: 'support',
    source: 'web',
    lang: 'en',
    creator: visitor.id,
    status: 'waiting',
    users: [visitor.id],
    createdAt: T0,
    lastSeq: 0,
    queuedAt: null,
    routing: null,
    ...overrides,
  };
}

function draft(chatId: string, id: string, clientId?: string): MessageDraft {
  const message: MessageDraft = { id, chatId, sender: visitor.id, type: 'text', message: `text ${id}`, createdAt: T0 };
  if (clientId !== undefined) message.clientId = clientId;
  return message;
}

/** A store holding visitor v1 and chat c1 with `count` messages m1..m{count}. */
async function storeWith(count: number): Promise<Store> {
  const store = createMemoryStore();
  await store.transaction(async (tx) => {
    await tx.insertUser(visitor);
    await tx.insertChat(chatRecord('c1'));
    for (let i = 1; i <= count; i++) await tx.appendMessage(draft('c1', `m${i}`, `k${i}`));
  });
  return store;
}

function read<T>(store: Store, work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
  return store.transaction(work);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('memory store units', () => {
  it('rolls back everything a failing unit wrote', async () => {
    const store = createMemoryStore();
    const failure = new Error('boom');

    await expect(
      store.transaction(async (tx) => {
        await tx.insertUser(visitor);
        await tx.insertChat(chatRecord('c1'));
        await tx.appendMessage(draft('c1', 'm1', 'k1'));
        await tx.setReadSeq('c1', visitor.id, 1);
        await tx.insertOffer({ chatId: 'c1', agentId: 'a1', createdAt: T0, expiresAt: T0 });
        // Visible inside the unit …
        expect((await tx.getChat('c1'))?.lastSeq).toBe(1);
        throw failure;
      }),
    ).rejects.toBe(failure);

    // … and gone afterwards.
    expect(
      await read(store, async (tx) => ({
        user: await tx.getUser(visitor.id),
        chat: await tx.getChat('c1'),
        open: await tx.findOpenChat(visitor.id, 'support'),
        userChats: await tx.listUserChats(visitor.id),
        message: await tx.getMessage('m1'),
        page: await tx.listMessages('c1', { limit: 10 }),
        readSeq: await tx.getReadSeq('c1', visitor.id),
        offers: await tx.listOffers(),
      })),
    ).toEqual({ user: undefined, chat: undefined, open: undefined, userChats: [], message: undefined, page: { messages: [], hasMore: false }, readSeq: 0, offers: [] });
  });

  it('restores what existed before a failing unit changed it', async () => {
    const store = await storeWith(1);
    await store.transaction(async (tx) => tx.setReadSeq('c1', visitor.id, 1));

    await expect(
      store.transaction(async (tx) => {
        await tx.appendMessage(draft('c1', 'm2', 'k2'));
        await tx.appendMessage(draft('c1', 'm3', 'k3'));
        const chat = (await tx.getChat('c1'))!;
        await tx.updateChat({ ...chat, status: 'closed', users: [] });
        await tx.updateUser({ ...visitor, name: 'Renamed' });
        await tx.setReadSeq('c1', visitor.id, 3);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    const after = await read(store, async (tx) => ({
      chat: await tx.getChat('c1'),
      name: (await tx.getUser(visitor.id))?.name,
      seqs: (await tx.listMessages('c1', { limit: 10 })).messages.map((message) => message.seq),
      m2: await tx.getMessage('m2'),
      readSeq: await tx.getReadSeq('c1', visitor.id),
    }));
    expect(after).toEqual({ chat: chatRecord('c1', { lastSeq: 1 }), name: 'Vera', seqs: [1], m2: undefined, readSeq: 1 });

    // The clientIds of the undone messages are free again, and seq continues from the last kept one.
    const retried = await store.transaction((tx) => tx.appendMessage(draft('c1', 'm2b', 'k2')));
    expect(retried.created).toBe(true);
    expect(retried.message).toMatchObject({ id: 'm2b', seq: 2 });
  });

  it('runs units one at a time, in the order they were started', async () => {
    const store = createMemoryStore();
    const order: string[] = [];
    const gate = deferred();

    const first = store.transaction(async (tx) => {
      order.push('first:start');
      await tx.insertUser(visitor);
      await gate.promise;
      order.push('first:end');
      return 'first';
    });
    const second = store.transaction(async (tx) => {
      order.push('second:start');
      // It sees the first unit's write: it ran after the first committed.
      const user = await tx.getUser(visitor.id);
      order.push('second:end');
      return user?.name;
    });

    // Plenty of turns for the second unit to start if it were not queued behind the first.
    for (let turn = 0; turn < 50; turn++) await Promise.resolve();
    expect(order).toEqual(['first:start']);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual(['first', 'Vera']);
    expect(order).toEqual(['first:start', 'first:end', 'second:start', 'second:end']);
  });

  it('runs the next unit after one that failed', async () => {
    const store = createMemoryStore();
    const failed = store.transaction(async () => {
      throw new Error('boom');
    });
    const next = store.transaction(async (tx) => {
      await tx.insertUser(visitor);
      return 'ran';
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });

  it('refuses units once closed, after the running ones finish', async () => {
    const store = createMemoryStore();
    const gate = deferred();
    const running = store.transaction(async (tx) => {
      await gate.promise;
      await tx.insertUser(visitor);
      return 'done';
    });
    const closing = store.close();
    gate.resolve();
    expect(await running).toBe('done');
    await closing;
    await expect(store.transaction(async (tx) => tx.getUser(visitor.id))).rejects.toThrow('the store is closed');
  });

  it('hands out copies: changing a returned chat changes nothing stored', async () => {
    const store = await storeWith(0);
    await read(store, async (tx) => {
      const chat = (await tx.getChat('c1'))!;
      chat.users.push('intruder');
      chat.status = 'closed';
    });
    expect(await read(store, (tx) => tx.getChat('c1'))).toEqual(chatRecord('c1'));
  });
});

describe('memory store appendMessage', () => {
  it('numbers messages per chat from 1 and moves lastSeq; updateChat never moves it', async () => {
    const store = await storeWith(0);
    const results = await store.transaction(async (tx) => {
      await tx.insertChat(chatRecord('c2', { room: 'sales' }));
      const a = await tx.appendMessage(draft('c1', 'm1', 'k1'));
      const b = await tx.appendMessage(draft('c2', 'n1', 'k1'));
      const c = await tx.appendMessage(draft('c1', 'm2'));
      // A stale copy written back keeps the stored lastSeq.
      await tx.updateChat(chatRecord('c1', { lastSeq: 0, status: 'active' }));
      return [a, b, c].map((result) => [result.created, result.message.chatId, result.message.seq]);
    });
    expect(results).toEqual([
      [true, 'c1', 1],
      [true, 'c2', 1],
      [true, 'c1', 2],
    ]);
    expect(await read(store, (tx) => tx.getChat('c1'))).toMatchObject({ status: 'active', lastSeq: 2 });
  });

  it('dedups on (chatId, clientId): the first message comes back and no seq is consumed', async () => {
    const store = await storeWith(1);
    const first = await read(store, (tx) => tx.getMessage('m1'));

    const again = await store.transaction((tx) => tx.appendMessage({ ...draft('c1', 'other-id', 'k1'), message: 'different', sender: 'a1' }));

    expect(again).toEqual({ message: first, created: false });
    expect(await read(store, (tx) => tx.getMessage('other-id'))).toBeUndefined();
    expect((await read(store, (tx) => tx.getChat('c1')))?.lastSeq).toBe(1);
    expect((await store.transaction((tx) => tx.appendMessage(draft('c1', 'm2', 'k2')))).message.seq).toBe(2);
  });

  it('never dedups messages without a clientId', async () => {
    const store = await storeWith(0);
    const [a, b] = await store.transaction(async (tx) => [await tx.appendMessage(draft('c1', 'i1')), await tx.appendMessage(draft('c1', 'i2'))]);
    expect([a?.created, a?.message.seq, b?.created, b?.message.seq]).toEqual([true, 1, true, 2]);
  });

  it('refuses a message for an unknown chat', async () => {
    const store = createMemoryStore();
    await expect(store.transaction((tx) => tx.appendMessage(draft('ghost', 'm1')))).rejects.toThrow('chat ghost does not exist');
  });
});

describe('memory store listMessages', () => {
  async function page(store: Store, range: { afterSeq?: number; beforeSeq?: number; limit: number }) {
    const result = await read(store, (tx) => tx.listMessages('c1', range));
    return { seqs: result.messages.map((message) => message.seq), hasMore: result.hasMore };
  }

  it('pages forward after a seq, with hasMore when newer ones remain', async () => {
    const store = await storeWith(5);
    expect(await page(store, { afterSeq: 0, limit: 2 })).toEqual({ seqs: [1, 2], hasMore: true });
    expect(await page(store, { afterSeq: 2, limit: 3 })).toEqual({ seqs: [3, 4, 5], hasMore: false });
    expect(await page(store, { afterSeq: 5, limit: 3 })).toEqual({ seqs: [], hasMore: false });
    expect(await page(store, { afterSeq: 99, limit: 3 })).toEqual({ seqs: [], hasMore: false });
  });

  it('pages back from the end or before a seq, with hasMore when older ones remain', async () => {
    const store = await storeWith(5);
    expect(await page(store, { limit: 2 })).toEqual({ seqs: [4, 5], hasMore: true });
    expect(await page(store, { limit: 5 })).toEqual({ seqs: [1, 2, 3, 4, 5], hasMore: false });
    expect(await page(store, { limit: 50 })).toEqual({ seqs: [1, 2, 3, 4, 5], hasMore: false });
    expect(await page(store, { beforeSeq: 4, limit: 2 })).toEqual({ seqs: [2, 3], hasMore: true });
    expect(await page(store, { beforeSeq: 3, limit: 2 })).toEqual({ seqs: [1, 2], hasMore: false });
    expect(await page(store, { beforeSeq: 2, limit: 2 })).toEqual({ seqs: [1], hasMore: false });
    expect(await page(store, { beforeSeq: 1, limit: 2 })).toEqual({ seqs: [], hasMore: false });
    expect(await page(store, { beforeSeq: 0, limit: 2 })).toEqual({ seqs: [], hasMore: false });
    expect(await page(store, { beforeSeq: 99, limit: 1 })).toEqual({ seqs: [5], hasMore: true });
  });

  it('bounds a forward page by beforeSeq', async () => {
    const store = await storeWith(5);
    expect(await page(store, { afterSeq: 1, beforeSeq: 5, limit: 10 })).toEqual({ seqs: [2, 3, 4], hasMore: false });
    expect(await page(store, { afterSeq: 1, beforeSeq: 5, limit: 2 })).toEqual({ seqs: [2, 3], hasMore: true });
    expect(await page(store, { afterSeq: 3, beforeSeq: 3, limit: 2 })).toEqual({ seqs: [], hasMore: false });
  });

  it('answers an empty page for a chat without messages or an unknown chat', async () => {
    const store = await storeWith(0);
    expect(await page(store, { limit: 10 })).toEqual({ seqs: [], hasMore: false });
    expect(await read(store, (tx) => tx.listMessages('ghost', { afterSeq: 0, limit: 10 }))).toEqual({ messages: [], hasMore: false });
  });

  it('answers the stored messages themselves', async () => {
    const store = await storeWith(2);
    const { messages } = await read(store, (tx) => tx.listMessages('c1', { limit: 10 }));
    expect(messages).toEqual([
      { id: 'm1', chatId: 'c1', seq: 1, sender: visitor.id, type: 'text', message: 'text m1', clientId: 'k1', createdAt: T0 },
      { id: 'm2', chatId: 'c1', seq: 2, sender: visitor.id, type: 'text', message: 'text m2', clientId: 'k2', createdAt: T0 },
    ]);
  });
});
