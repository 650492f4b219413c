import type { Message, User } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentProfile, ChatRecord, MessageDraft, OfferRecord, Store, StoreTransaction } from '../store';

export interface StoreUnderTest {
  store: Store;
  cleanup(): Promise<void>;
}

/**
 * The `Store` contract as executable tests: what `store.ts` documents, with the memory store's
 * behaviour as the reference wherever the docs leave a detail open (tie orders, paging edges,
 * optional fields coming back absent rather than `undefined`). Run it against every implementation:
 *
 *   describeStoreContract('memory store', async () => ({ store: createMemoryStore(), cleanup: async () => {} }));
 *
 * `makeStore` is called before each test and must return an empty store; `cleanup` runs after it.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let current: StoreUnderTest | undefined;
    let store: Store;

    beforeEach(async () => {
      current = await makeStore();
      store = current.store;
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    const run = <T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> => store.transaction(work);

    /** Fills a chat with `count` messages, seq 1..count. */
    async function fill(chatId: string, count: number): Promise<void> {
      await run(async (tx) => {
        for (let i = 1; i <= count; i++) await tx.appendMessage(draft(chatId, `${chatId}-m${i}`));
      });
    }

    describe('users', () => {
      it('round-trips a user with every field, and a minimal one without optional keys', async () => {
        const full: User = {
          id: 'u1',
          role: 'agent',
          name: 'Ada',
          nickname: 'ada',
          contact: 'ada@example.com',
          extraInfo: { plan: 'pro', seats: 3, trial: false, coupon: null },
          status: 'away',
        };
        const minimal: User = { id: 'u2', role: 'user', name: 'Visitor' };
        await run(async (tx) => {
          await tx.insertUser(full);
          await tx.insertUser(minimal);
        });
        expect(await run((tx) => tx.getUser('u1'))).toStrictEqual(full);
        const back = await run((tx) => tx.getUser('u2'));
        expect(back).toStrictEqual(minimal);
        expect(Object.keys(back!).sort()).toEqual(['id', 'name', 'role']);
      });

      it('answers undefined for an unknown user', async () => {
        expect(await run((tx) => tx.getUser('nobody'))).toBeUndefined();
      });

      it('refuses to insert a user twice', async () => {
        await run((tx) => tx.insertUser(user('u1')));
        await expect(run((tx) => tx.insertUser(user('u1', 'Other')))).rejects.toThrow();
        expect((await run((tx) => tx.getUser('u1')))?.name).toBe('User u1');
      });

      it('replaces every field on update, dropping optional ones left out', async () => {
        await run((tx) => tx.insertUser({ id: 'u1', role: 'agent', name: 'A', nickname: 'a', status: 'online', extraInfo: { x: 1 } }));
        await run((tx) => tx.updateUser({ id: 'u1', role: 'agent', name: 'B', status: 'offline' }));
        expect(await run((tx) => tx.getUser('u1'))).toStrictEqual({ id: 'u1', role: 'agent', name: 'B', status: 'offline' });
      });

      it('keeps a visitor’s verified identity apart from what the page said, through insert and update', async () => {
        const verified = { id: 'host-42', name: 'Vera', email: 'vera@example.com' };
        await run((tx) => tx.insertUser({ id: 'v1', role: 'user', name: 'Vera', contact: 'page@example.com', verified }));
        expect(await run((tx) => tx.getUser('v1'))).toStrictEqual({ id: 'v1', role: 'user', name: 'Vera', contact: 'page@example.com', verified });
        await run((tx) => tx.updateUser({ id: 'v1', role: 'user', name: 'Vera', verified: { id: 'host-42' } }));
        expect((await run((tx) => tx.getUser('v1')))?.verified).toStrictEqual({ id: 'host-42' });
      });

      it('refuses to update an unknown user', async () => {
        await expect(run((tx) => tx.updateUser(user('ghost')))).rejects.toThrow();
        expect(await run((tx) => tx.getUser('ghost'))).toBeUndefined();
      });

      it('getUsers answers in the order asked, skipping unknown ids', async () => {
        await run(async (tx) => {
          for (const id of ['a', 'b', 'c']) await tx.insertUser(user(id));
        });
        const users = await run((tx) => tx.getUsers(['c', 'nobody', 'a', 'b', 'a']));
        expect(users.map((u) => u.id)).toEqual(['c', 'a', 'b', 'a']);
        expect(users[0]).toStrictEqual(user('c'));
        expect(await run((tx) => tx.getUsers([]))).toEqual([]);
      });

      it('hands out copies: changing a returned user changes nothing stored', async () => {
        await run((tx) => tx.insertUser({ ...user('u1'), extraInfo: { plan: 'free' } }));
        const copy = (await run((tx) => tx.getUser('u1')))!;
        copy.name = 'changed';
        copy.extraInfo!.plan = 'changed';
        expect(await run((tx) => tx.getUser('u1'))).toStrictEqual({ ...user('u1'), extraInfo: { plan: 'free' } });
      });
    });

    describe('agent profiles', () => {
      it('round-trips a profile and replaces it on the next put', async () => {
        const first = profile('ag1', ['support', 'sales'], { capacity: 2 });
        await run((tx) => tx.putAgentProfile(first));
        expect(await run((tx) => tx.getAgentProfile('ag1'))).toStrictEqual(first);
        const second: AgentProfile = {
          userId: 'ag1',
          rooms: ['billing'],
          capacity: 5,
          lastOfferedAt: '2026-01-01T00:00:01.000Z',
          lastAssignedAt: '2026-01-01T00:00:02.000Z',
          statusChoices: 4,
        };
        await run((tx) => tx.putAgentProfile(second));
        expect(await run((tx) => tx.getAgentProfile('ag1'))).toStrictEqual(second);
        expect(await run((tx) => tx.getAgentProfile('nobody'))).toBeUndefined();
      });

      it('keeps the order of rooms', async () => {
        await run((tx) => tx.putAgentProfile(profile('ag1', ['z', 'a', 'm'])));
        expect((await run((tx) => tx.getAgentProfile('ag1')))?.rooms).toEqual(['z', 'a', 'm']);
      });

      it('listRoomAgents: every agent of the room whatever its status, by user id in code-point order', async () => {
        await run(async (tx) => {
          // Inserted out of order; ids chosen so locale-aware sorting would differ from code-point order.
          for (const [id, status] of [['b', 'online'], ['a10', 'offline'], ['A', 'away'], ['a9', 'online'], ['a-1', 'online']] as const) {
            await tx.insertUser({ id, role: 'agent', name: id, status });
            await tx.putAgentProfile(profile(id, ['support']));
          }
          await tx.insertUser(agent('other'));
          await tx.putAgentProfile(profile('other', ['sales']));
          // A profile without a user is not an agent yet.
          await tx.putAgentProfile(profile('orphan', ['support']));
        });
        const agents = await run((tx) => tx.listRoomAgents('support'));
        expect(agents.map((state) => state.user.id)).toEqual(['A', 'a-1', 'a10', 'a9', 'b']);
        expect(agents[0]).toStrictEqual({
          user: { id: 'A', role: 'agent', name: 'A', status: 'away' },
          profile: profile('A', ['support']),
          openChats: 0,
          pendingOffers: 0,
        });
        expect(await run((tx) => tx.listRoomAgents('nowhere'))).toEqual([]);
      });

      it('listRoomAgents counts active chats assigned and offers pending, in any room', async () => {
        await run(async (tx) => {
          await tx.insertUser(agent('ag1'));
          await tx.putAgentProfile(profile('ag1', ['support']));
          await tx.insertUser(agent('ag2'));
          await tx.putAgentProfile(profile('ag2', ['support', 'sales']));
          await tx.insertChat(chat('c1', { status: 'active', assignee: 'ag1' }));
          await tx.insertChat(chat('c2', { status: 'active', assignee: 'ag1', room: 'sales' }));
          await tx.insertChat(chat('c3', { status: 'closed', assignee: 'ag1' }));
          await tx.insertChat(chat('c4', { status: 'offered' }));
          await tx.insertChat(chat('c5', { status: 'offered', room: 'sales' }));
          await tx.insertChat(chat('c6', { status: 'active', assignee: 'ag2' }));
          await tx.insertOffer(offer('c4', 'ag2'));
          await tx.insertOffer(offer('c5', 'ag2'));
        });
        const agents = await run((tx) => tx.listRoomAgents('support'));
        expect(agents.map(({ user, openChats, pendingOffers }) => [user.id, openChats, pendingOffers])).toEqual([
          ['ag1', 2, 0],
          ['ag2', 1, 2],
        ]);
        // The counts follow the chats and offers within the same unit.
        const after = await run(async (tx) => {
          await tx.updateChat({ ...(await tx.getChat('c1'))!, status: 'closed' });
          await tx.deleteOffer('c4');
          return tx.listRoomAgents('support');
        });
        expect(after.map(({ openChats, pendingOffers }) => [openChats, pendingOffers])).toEqual([
          [1, 0],
          [1, 1],
        ]);
      });
    });

    describe('chats', () => {
      it('round-trips a chat with every field, and a minimal one without optional keys', async () => {
        const full: ChatRecord = {
          ...chat('c1', { status: 'closed', assignee: 'ag1', closedAt: '2026-01-01T00:10:00.000Z', closedBy: 'system' }),
          users: ['v1', 'ag1', 'ag0'],
          queuedAt: '2026-01-01T00:00:05.000Z',
          routing: {
            algorithm: 'round-robin',
            maxAttempts: 4,
            intervalMs: 15_000,
            attempts: 2,
            offeredAgentIds: ['ag2', 'ag1'],
          },
        };
        const minimal = chat('c2');
        await run(async (tx) => {
          await tx.insertChat(full);
          await tx.insertChat(minimal);
        });
        expect(await run((tx) => tx.getChat('c1'))).toStrictEqual(full);
        const back = await run((tx) => tx.getChat('c2', { lock: true }));
        expect(back).toStrictEqual(minimal);
        expect(Object.keys(back!).sort()).toEqual(
          ['createdAt', 'creator', 'id', 'lang', 'lastSeq', 'queuedAt', 'room', 'routing', 'source', 'status', 'users'].sort(),
        );
        expect(back!.queuedAt).toBeNull();
        expect(back!.routing).toBeNull();
        expect(await run((tx) => tx.getChat('nope'))).toBeUndefined();
        expect(await run((tx) => tx.getChat('nope', { lock: true }))).toBeUndefined();
      });

      it('refuses to insert a chat twice', async () => {
        await run((tx) => tx.insertChat(chat('c1')));
        await expect(run((tx) => tx.insertChat(chat('c1', { room: 'other' })))).rejects.toThrow();
        expect((await run((tx) => tx.getChat('c1')))?.room).toBe('support');
      });

      it('updateChat writes every field but lastSeq, and drops optional ones left out', async () => {
        await run(async (tx) => {
          await tx.insertChat(chat('c1', { status: 'active', assignee: 'ag1' }));
          await tx.appendMessage(draft('c1', 'm1'));
          await tx.appendMessage(draft('c1', 'm2'));
        });
        const updated: ChatRecord = {
          ...chat('c1', { status: 'waiting', room: 'sales' }),
          users: ['v1', 'ag1'],
          queuedAt: '2026-01-01T00:01:00.000Z',
          routing: { algorithm: 'least-busy', maxAttempts: 3, intervalMs: 30_000, attempts: 0, offeredAgentIds: [] },
          lastSeq: 0,
        };
        await run((tx) => tx.updateChat(updated));
        expect(await run((tx) => tx.getChat('c1'))).toStrictEqual({ ...updated, lastSeq: 2 });
        await run((tx) => tx.updateChat({ ...updated, lastSeq: 99, routing: null, queuedAt: null }));
        expect(await run((tx) => tx.getChat('c1'))).toStrictEqual({ ...updated, lastSeq: 2, routing: null, queuedAt: null });
      });

      it('refuses to update an unknown chat', async () => {
        await expect(run((tx) => tx.updateChat(chat('ghost')))).rejects.toThrow();
        expect(await run((tx) => tx.getChat('ghost'))).toBeUndefined();
      });

      it('hands out copies: changing a returned chat changes nothing stored', async () => {
        const original: ChatRecord = {
          ...chat('c1'),
          routing: { algorithm: 'random', maxAttempts: 3, intervalMs: 1000, attempts: 0, offeredAgentIds: ['a'] },
        };
        await run((tx) => tx.insertChat(original));
        const copy = (await run((tx) => tx.getChat('c1')))!;
        copy.users.push('intruder');
        copy.routing!.offeredAgentIds.push('b');
        copy.status = 'closed';
        expect(await run((tx) => tx.getChat('c1'))).toStrictEqual(original);
      });

      it('findOpenChat: the creator’s chat in the room that is not closed', async () => {
        await run(async (tx) => {
          await tx.insertChat(chat('closed', { status: 'closed', creator: 'v1' }));
          await tx.insertChat(chat('elsewhere', { room: 'sales', creator: 'v1' }));
          await tx.insertChat(chat('someone-else', { creator: 'v2' }));
        });
        expect(await run((tx) => tx.findOpenChat('v1', 'support'))).toBeUndefined();
        for (const status of ['waiting', 'offered', 'active'] as const) {
          await run((tx) => tx.insertChat(chat(`open-${status}`, { status, creator: 'v1' })));
          expect((await run((tx) => tx.findOpenChat('v1', 'support')))?.id).toBe(`open-${status}`);
          await run(async (tx) => tx.updateChat({ ...(await tx.getChat(`open-${status}`))!, status: 'closed' }));
        }
        expect((await run((tx) => tx.findOpenChat('v1', 'sales')))?.id).toBe('elsewhere');
        expect(await run((tx) => tx.findOpenChat('v1', 'support'))).toBeUndefined();
      });

      it('insertChat refuses a second open chat of one creator in one room (a closed one does not count)', async () => {
        await run(async (tx) => {
          await tx.insertChat(chat('first', { creator: 'v1', status: 'closed' }));
          await tx.insertChat(chat('second', { creator: 'v1' }));
          await tx.insertChat(chat('other-room', { creator: 'v1', room: 'sales' }));
        });
        await expect(run((tx) => tx.insertChat(chat('third', { creator: 'v1' })))).rejects.toThrow();
        expect(await run((tx) => tx.getChat('third'))).toBeUndefined();
      });

      it('listUserChats: the member’s chats, newest first', async () => {
        await run(async (tx) => {
          await tx.insertChat(chat('old', { createdAt: '2026-01-01T00:00:00.000Z', users: ['v1'] }));
          await tx.insertChat(chat('new', { createdAt: '2026-01-03T00:00:00.000Z', users: ['v1', 'ag1'] }));
          await tx.insertChat(chat('mid', { createdAt: '2026-01-02T00:00:00.000Z', users: ['v2', 'ag1'] }));
          await tx.insertChat(chat('not-mine', { createdAt: '2026-01-04T00:00:00.000Z', users: ['v2'] }));
        });
        expect((await run((tx) => tx.listUserChats('v1'))).map((c) => c.id)).toEqual(['new', 'old']);
        expect((await run((tx) => tx.listUserChats('ag1'))).map((c) => c.id)).toEqual(['new', 'mid']);
        expect(await run((tx) => tx.listUserChats('stranger'))).toEqual([]);
        const [newest] = await run((tx) => tx.listUserChats('v1'));
        expect(newest).toStrictEqual(chat('new', { createdAt: '2026-01-03T00:00:00.000Z', users: ['v1', 'ag1'] }));
      });

      it('listQueue: the room’s waiting chats being routed, oldest queuedAt first, then the one created first', async () => {
        const routing = { algorithm: 'least-busy', maxAttempts: 3, intervalMs: 30_000, attempts: 0, offeredAgentIds: [] } as const;
        const queued = (id: string, queuedAt: string, overrides: Partial<ChatRecord> = {}): ChatRecord => ({
          ...chat(id, overrides),
          queuedAt,
          routing: { ...routing, offeredAgentIds: [] },
        });
        await run(async (tx) => {
          await tx.insertChat(queued('c-late', '2026-01-01T00:00:09.000Z'));
          await tx.insertChat(queued('c-b', '2026-01-01T00:00:05.000Z'));
          await tx.insertChat(queued('c-a', '2026-01-01T00:00:05.000Z'));
          await tx.insertChat(queued('c-early', '2026-01-01T00:00:01.000Z'));
          await tx.insertChat(queued('c-offered', '2026-01-01T00:00:00.000Z', { status: 'offered' }));
          await tx.insertChat(queued('c-sales', '2026-01-01T00:00:00.000Z', { room: 'sales' }));
          await tx.insertChat(chat('c-alone')); // waiting, but out of the queue (forever:alone)
        });
        const queue = await run((tx) => tx.listQueue('support'));
        // c-b and c-a share a queuedAt: c-b was created first, whatever their ids say.
        expect(queue.map((c) => c.id)).toEqual(['c-early', 'c-b', 'c-a', 'c-late']);
        expect(queue[0]).toStrictEqual(queued('c-early', '2026-01-01T00:00:01.000Z'));
        expect((await run((tx) => tx.listQueue('sales'))).map((c) => c.id)).toEqual(['c-sales']);
        expect(await run((tx) => tx.listQueue('empty'))).toEqual([]);
      });
    });

    describe('offers', () => {
      it('round-trips an offer; one per chat; delete removes it and is a no-op when absent', async () => {
        const first = offer('c1', 'ag1');
        await run((tx) => tx.insertOffer(first));
        expect(await run((tx) => tx.getOffer('c1'))).toStrictEqual(first);
        await expect(run((tx) => tx.insertOffer(offer('c1', 'ag2')))).rejects.toThrow();
        expect(await run((tx) => tx.getOffer('c1'))).toStrictEqual(first);
        await run((tx) => tx.deleteOffer('c1'));
        expect(await run((tx) => tx.getOffer('c1'))).toBeUndefined();
        await run((tx) => tx.deleteOffer('c1'));
        await run((tx) => tx.insertOffer(offer('c1', 'ag2')));
        expect((await run((tx) => tx.getOffer('c1')))?.agentId).toBe('ag2');
      });

      it('lists the offers of an agent, all offers, and the due ones earliest first', async () => {
        const offers = [
          offer('c1', 'ag1', '2026-01-01T00:00:30.000Z'),
          offer('c2', 'ag2', '2026-01-01T00:00:10.000Z'),
          offer('c3', 'ag1', '2026-01-01T00:00:20.000Z'),
          offer('c4', 'ag1', '2026-01-01T00:01:00.000Z'),
        ];
        // Offers belong to chats: a SQL store locks an offer's chat when it lists the offer as due.
        await run(async (tx) => {
          for (const o of offers) await tx.insertChat(chat(o.chatId, { status: 'offered' }));
          for (const o of offers) await tx.insertOffer(o);
        });
        const byChat = (list: OfferRecord[]) => list.map((o) => o.chatId).sort();
        expect(byChat(await run((tx) => tx.listAgentOffers('ag1')))).toEqual(['c1', 'c3', 'c4']);
        expect(await run((tx) => tx.listAgentOffers('nobody'))).toEqual([]);
        expect(byChat(await run((tx) => tx.listOffers()))).toEqual(['c1', 'c2', 'c3', 'c4']);
        expect((await run((tx) => tx.listOffers())).find((o) => o.chatId === 'c2')).toStrictEqual(offers[1]);
        // `now` itself is due (at or before).
        const due = await run((tx) => tx.listDueOffers('2026-01-01T00:00:30.000Z'));
        expect(due).toStrictEqual([offers[1], offers[2], offers[0]]);
        expect(await run((tx) => tx.listDueOffers('2026-01-01T00:00:09.999Z'))).toEqual([]);
      });
    });

    describe('messages', () => {
      it('gives each chat its own gap-free seq from 1 and moves lastSeq', async () => {
        await run(async (tx) => {
          await tx.insertChat(chat('c1'));
          await tx.insertChat(chat('c2'));
        });
        const seqs = await run(async (tx) => {
          const out: [string, number, boolean][] = [];
          for (const [chatId, id] of [['c1', 'm1'], ['c1', 'm2'], ['c2', 'm3'], ['c1', 'm4']] as const) {
            const { message, created } = await tx.appendMessage(draft(chatId, id));
            out.push([id, message.seq, created]);
          }
          return out;
        });
        expect(seqs).toEqual([
          ['m1', 1, true],
          ['m2', 2, true],
          ['m3', 1, true],
          ['m4', 3, true],
        ]);
        expect((await run((tx) => tx.getChat('c1')))?.lastSeq).toBe(3);
        expect((await run((tx) => tx.getChat('c2')))?.lastSeq).toBe(1);
      });

      it('listMessageSenders: everyone who wrote in the chat, each once, other chats apart', async () => {
        await run(async (tx) => {
          await tx.insertChat(chat('c1'));
          await tx.insertChat(chat('c2'));
          await tx.appendMessage(draft('c1', 'm1'));
          await tx.appendMessage({ ...draft('c1', 'm2'), sender: 'a1' });
          await tx.appendMessage(draft('c1', 'm3'));
          await tx.appendMessage({ ...draft('c2', 'm4'), sender: 'a2' });
        });
        expect((await run((tx) => tx.listMessageSenders('c1'))).sort()).toEqual(['a1', 'v1']);
        expect(await run((tx) => tx.listMessageSenders('c2'))).toEqual(['a2']);
        expect(await run((tx) => tx.listMessageSenders('none'))).toEqual([]);
      });

      it('continues from the lastSeq a chat was inserted with', async () => {
        await run((tx) => tx.insertChat({ ...chat('c1'), lastSeq: 41 }));
        const { message } = await run((tx) => tx.appendMessage(draft('c1', 'm1')));
        expect(message.seq).toBe(42);
      });

      it('returns the stored message: the draft plus seq, optional fields absent unless given', async () => {
        await run((tx) => tx.insertChat(chat('c1')));
        const plain = draft('c1', 'm1');
        const { message } = await run((tx) => tx.appendMessage(plain));
        const expected: Message = { ...plain, seq: 1 };
        expect(message).toStrictEqual(expected);
        expect(Object.keys(message).sort()).toEqual(['chatId', 'createdAt', 'id', 'message', 'sender', 'seq', 'type']);
        expect(await run((tx) => tx.getMessage('m1'))).toStrictEqual(expected);

        const rich: MessageDraft = { ...draft('c1', 'm2', 'k1'), type: 'system', sender: 'assistant', imported: true };
        const second = await run((tx) => tx.appendMessage(rich));
        expect(second).toStrictEqual({ message: { ...rich, seq: 2 }, created: true });
        expect(await run((tx) => tx.getMessage('m2'))).toStrictEqual({ ...rich, seq: 2 });
        expect(await run((tx) => tx.getMessage('nope'))).toBeUndefined();
      });

      it('answers a resend of a clientId with the first message, consuming no seq', async () => {
        await run(async (tx) => {
          await tx.insertChat(chat('c1'));
          await tx.insertChat(chat('c2'));
        });
        const first = await run((tx) => tx.appendMessage(draft('c1', 'm1', 'k1')));
        const again = await run((tx) => tx.appendMessage({ ...draft('c1', 'm2', 'k1'), message: 'different text' }));
        expect(again).toStrictEqual({ message: first.message, created: false });
        expect(await run((tx) => tx.getMessage('m2'))).toBeUndefined();
        expect((await run((tx) => tx.getChat('c1')))?.lastSeq).toBe(1);
        // The next new message takes the next seq: nothing was consumed by the resend.
        expect((await run((tx) => tx.appendMessage(draft('c1', 'm3', 'k2')))).message.seq).toBe(2);
        // Messages without a clientId never collide; the same clientId in another chat is another message.
        expect((await run((tx) => tx.appendMessage(draft('c1', 'm4')))).message.seq).toBe(3);
        expect((await run((tx) => tx.appendMessage(draft('c1', 'm5')))).message.seq).toBe(4);
        expect(await run((tx) => tx.appendMessage(draft('c2', 'm6', 'k1')))).toMatchObject({ created: true, message: { seq: 1 } });
      });

      it('dedups within one unit too', async () => {
        const results = await run(async (tx) => {
          await tx.insertChat(chat('c1'));
          const a = await tx.appendMessage(draft('c1', 'm1', 'k1'));
          const b = await tx.appendMessage(draft('c1', 'm2', 'k1'));
          return [a, b];
        });
        expect(results[1]).toStrictEqual({ message: results[0]!.message, created: false });
      });

      it('refuses to append to an unknown chat', async () => {
        await expect(run((tx) => tx.appendMessage(draft('ghost', 'm1')))).rejects.toThrow();
        expect(await run((tx) => tx.getMessage('m1'))).toBeUndefined();
      });

      it('serialises concurrent appends: seq 1..n without gaps or duplicates, resends deduplicated', async () => {
        await run((tx) => tx.insertChat(chat('c1')));
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) => run((tx) => tx.appendMessage(draft('c1', `m${i}`, `k${i % 20}`)))),
        );
        expect(results.filter((r) => r.created)).toHaveLength(20);
        const page = await run((tx) => tx.listMessages('c1', { limit: 100 }));
        expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(new Set(page.messages.map((m) => m.clientId)).size).toBe(20);
        for (const result of results) {
          expect(result.message).toStrictEqual(page.messages.find((m) => m.clientId === result.message.clientId));
        }
        expect((await run((tx) => tx.getChat('c1')))?.lastSeq).toBe(20);
      });

      describe('appendMessageIfMember (messages:send in one step)', () => {
        const send = (chatId: string, id: string, clientId: string, sender = 'v1') =>
          store.appendMessageIfMember({ ...draft(chatId, id), clientId, sender });

        it('appends as appendMessage does and answers the members it was stored for', async () => {
          await run((tx) => tx.insertChat(chat('c1', { users: ['v1', 'a1'], lastSeq: 4 })));
          const result = await send('c1', 'm1', 'k1');
          expect(result).toStrictEqual({ outcome: 'created', message: { ...draft('c1', 'm1'), clientId: 'k1', seq: 5 }, users: ['v1', 'a1'] });
          expect(await run((tx) => tx.getMessage('m1'))).toStrictEqual({ ...draft('c1', 'm1'), clientId: 'k1', seq: 5 });
          expect((await run((tx) => tx.getChat('c1')))?.lastSeq).toBe(5);
          expect(await send('c1', 'm2', 'k2', 'a1')).toMatchObject({ outcome: 'created', message: { seq: 6, sender: 'a1' } });
        });

        it('answers a resend with the first message, whoever sends it, consuming no seq', async () => {
          await run((tx) => tx.insertChat(chat('c1', { users: ['v1', 'a1'] })));
          const first = await send('c1', 'm1', 'k1');
          const resend = await send('c1', 'm2', 'k1');
          expect(resend).toStrictEqual({ outcome: 'duplicate', message: first.outcome === 'created' && first.message });
          // Another member reusing the clientId gets the first message too: the engine calls it a conflict.
          expect(await send('c1', 'm3', 'k1', 'a1')).toMatchObject({ outcome: 'duplicate', message: { id: 'm1', sender: 'v1' } });
          expect(await run((tx) => tx.getMessage('m2'))).toBeUndefined();
          expect((await run((tx) => tx.getChat('c1')))?.lastSeq).toBe(1);
          // A clientId from appendMessage counts too, and the same clientId in another chat is another message.
          await run((tx) => tx.appendMessage(draft('c1', 'm4', 'k4')));
          expect(await send('c1', 'm5', 'k4')).toMatchObject({ outcome: 'duplicate', message: { id: 'm4' } });
          await run((tx) => tx.insertChat(chat('c2')));
          expect(await send('c2', 'm6', 'k1')).toMatchObject({ outcome: 'created', message: { seq: 1 } });
        });

        it('stores nothing for an unknown chat, a sender who is not a member, or a closed chat', async () => {
          await run(async (tx) => {
            await tx.insertChat(chat('c1'));
            await tx.insertChat(chat('c2', { status: 'closed' }));
          });
          expect(await send('ghost', 'm1', 'k1')).toStrictEqual({ outcome: 'no_chat' });
          expect(await send('c1', 'm2', 'k2', 'stranger')).toStrictEqual({ outcome: 'not_member' });
          expect(await send('c2', 'm3', 'k3')).toStrictEqual({ outcome: 'closed' });
          expect(await send('c2', 'm4', 'k4', 'stranger')).toStrictEqual({ outcome: 'not_member' });
          for (const id of ['m1', 'm2', 'm3', 'm4']) expect(await run((tx) => tx.getMessage(id))).toBeUndefined();
          expect((await run((tx) => tx.getChat('c1')))?.lastSeq).toBe(0);
          expect((await run((tx) => tx.getChat('c2')))?.lastSeq).toBe(0);
        });

        it('answers a resend into a chat closed since with the first message; a non-member never sees it', async () => {
          await run((tx) => tx.insertChat(chat('c1', { users: ['v1'] })));
          await send('c1', 'm1', 'k1');
          await run(async (tx) => tx.updateChat({ ...(await tx.getChat('c1'))!, status: 'closed' }));
          expect(await send('c1', 'm2', 'k1')).toMatchObject({ outcome: 'duplicate', message: { id: 'm1' } });
          expect(await send('c1', 'm3', 'k1', 'stranger')).toStrictEqual({ outcome: 'not_member' });
        });

        it('sees what units committed before it, and units see what it appended', async () => {
          await run((tx) => tx.insertChat(chat('c1', { users: ['v1'] })));
          await run(async (tx) => tx.updateChat({ ...(await tx.getChat('c1'))!, users: ['v1', 'a1'] }));
          expect(await send('c1', 'm1', 'k1', 'a1')).toMatchObject({ outcome: 'created', message: { seq: 1 } });
          await run(async (tx) => tx.updateChat({ ...(await tx.getChat('c1'))!, users: ['v1'] }));
          expect(await send('c1', 'm2', 'k2', 'a1')).toStrictEqual({ outcome: 'not_member' });
          expect((await run((tx) => tx.appendMessage(draft('c1', 'm3')))).message.seq).toBe(2);
        });

        it('serialises with concurrent units and with itself: seq 1..n without gaps or duplicates, resends deduplicated', async () => {
          await run((tx) => tx.insertChat(chat('c1')));
          const results = await Promise.all(
            Array.from({ length: 40 }, (_, i) =>
              i % 4 === 0
                ? run((tx) => tx.appendMessage(draft('c1', `m${i}`, `k${i % 25}`))).then(({ message }) => message)
                : send('c1', `m${i}`, `k${i % 25}`).then((result) => (result.outcome === 'created' || result.outcome === 'duplicate' ? result.message : undefined)),
            ),
          );
          const page = await run((tx) => tx.listMessages('c1', { limit: 100 }));
          expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
          expect(new Set(page.messages.map((m) => m.clientId)).size).toBe(25);
          for (const message of results) {
            expect(message).toStrictEqual(page.messages.find((m) => m.clientId === message?.clientId));
          }
          expect((await run((tx) => tx.getChat('c1')))?.lastSeq).toBe(25);
        });

        it('refuses work after close', async () => {
          await run((tx) => tx.insertChat(chat('c1')));
          await store.close();
          await expect(send('c1', 'm1', 'k1')).rejects.toThrow();
        });
      });

      describe('listMessages paging', () => {
        beforeEach(async () => {
          await run(async (tx) => {
            await tx.insertChat(chat('c1'));
            await tx.insertChat(chat('c2'));
            await tx.insertChat(chat('empty'));
          });
          await fill('c2', 3);
          await fill('c1', 10);
        });

        const cases: [string, { afterSeq?: number; beforeSeq?: number; limit: number }, number[], boolean][] = [
          ['the last page', { limit: 3 }, [8, 9, 10], true],
          ['everything', { limit: 10 }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false],
          ['more than everything', { limit: 50 }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false],
          ['before, with older ones left', { beforeSeq: 5, limit: 2 }, [3, 4], true],
          ['before, reaching the start', { beforeSeq: 3, limit: 2 }, [1, 2], false],
          ['before, short of the start', { beforeSeq: 3, limit: 5 }, [1, 2], false],
          ['before the first', { beforeSeq: 1, limit: 5 }, [], false],
          ['before beyond the end', { beforeSeq: 100, limit: 2 }, [9, 10], true],
          ['before lastSeq + 1', { beforeSeq: 11, limit: 10 }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false],
          ['after 0', { afterSeq: 0, limit: 3 }, [1, 2, 3], true],
          ['after, reaching the end', { afterSeq: 7, limit: 3 }, [8, 9, 10], false],
          ['after, short of the end', { afterSeq: 8, limit: 5 }, [9, 10], false],
          ['after the last', { afterSeq: 10, limit: 5 }, [], false],
          ['after beyond the end', { afterSeq: 50, limit: 5 }, [], false],
          ['between, all fitting', { afterSeq: 2, beforeSeq: 6, limit: 10 }, [3, 4, 5], false],
          ['between, more left', { afterSeq: 2, beforeSeq: 6, limit: 2 }, [3, 4], true],
          ['between, exactly fitting', { afterSeq: 2, beforeSeq: 6, limit: 3 }, [3, 4, 5], false],
          ['between, empty', { afterSeq: 5, beforeSeq: 6, limit: 3 }, [], false],
          ['between, crossed', { afterSeq: 6, beforeSeq: 3, limit: 3 }, [], false],
          ['limit 0, older left', { limit: 0 }, [], true],
          ['limit 0, newer left', { afterSeq: 0, limit: 0 }, [], true],
          ['limit 0 at the end', { afterSeq: 10, limit: 0 }, [], false],
        ];
        for (const [label, range, seqs, hasMore] of cases) {
          it(`${label}: ${JSON.stringify(range)}`, async () => {
            const page = await run((tx) => tx.listMessages('c1', range));
            expect({ seqs: page.messages.map((m) => m.seq), hasMore: page.hasMore }).toEqual({ seqs, hasMore });
            for (const message of page.messages) expect(message).toStrictEqual({ ...draft('c1', `c1-m${message.seq}`), seq: message.seq });
          });
        }

        it('an empty or unknown chat has no messages', async () => {
          for (const chatId of ['empty', 'ghost']) {
            expect(await run((tx) => tx.listMessages(chatId, { limit: 5 }))).toEqual({ messages: [], hasMore: false });
            expect(await run((tx) => tx.listMessages(chatId, { afterSeq: 0, limit: 5 }))).toEqual({ messages: [], hasMore: false });
          }
        });

        it('never mixes chats', async () => {
          const page = await run((tx) => tx.listMessages('c2', { afterSeq: 0, limit: 10 }));
          expect(page.messages.map((m) => [m.chatId, m.seq])).toEqual([
            ['c2', 1],
            ['c2', 2],
            ['c2', 3],
          ]);
        });
      });
    });

    describe('read state', () => {
      it('is 0 until set, then per chat and user; a later set overwrites', async () => {
        expect(await run((tx) => tx.getReadSeq('c1', 'u1'))).toBe(0);
        await run(async (tx) => {
          await tx.setReadSeq('c1', 'u1', 5);
          await tx.setReadSeq('c1', 'u2', 2);
          await tx.setReadSeq('c2', 'u1', 7);
        });
        expect(await run((tx) => tx.getReadSeq('c1', 'u1'))).toBe(5);
        expect(await run((tx) => tx.getReadSeq('c1', 'u2'))).toBe(2);
        expect(await run((tx) => tx.getReadSeq('c2', 'u1'))).toBe(7);
        expect(await run((tx) => tx.getReadSeq('c2', 'u2'))).toBe(0);
        await run((tx) => tx.setReadSeq('c1', 'u1', 9));
        expect(await run((tx) => tx.getReadSeq('c1', 'u1'))).toBe(9);
        // The store keeps what it is given; keeping read state monotonic is the engine's business.
        await run((tx) => tx.setReadSeq('c1', 'u1', 3));
        expect(await run((tx) => tx.getReadSeq('c1', 'u1'))).toBe(3);
      });
    });

    describe('transactions', () => {
      it('returns what the work returns, and sees its own writes', async () => {
        const seen = await run(async (tx) => {
          await tx.insertUser(user('u1'));
          await tx.insertChat(chat('c1'));
          await tx.appendMessage(draft('c1', 'm1'));
          return { user: await tx.getUser('u1'), lastSeq: (await tx.getChat('c1'))?.lastSeq, message: await tx.getMessage('m1') };
        });
        expect(seen).toStrictEqual({ user: user('u1'), lastSeq: 1, message: { ...draft('c1', 'm1'), seq: 1 } });
      });

      it('undoes every write of a unit that throws, and rejects with its error', async () => {
        const before = {
          chat: { ...chat('c1', { status: 'offered' }), queuedAt: '2026-01-01T00:00:00.000Z', routing: null },
          offer: offer('c1', 'ag1'),
        };
        await run(async (tx) => {
          await tx.insertUser(agent('ag1'));
          await tx.putAgentProfile(profile('ag1', ['support']));
          await tx.insertChat(before.chat);
          await tx.appendMessage(draft('c1', 'm1', 'k1'));
          await tx.insertOffer(before.offer);
          await tx.setReadSeq('c1', 'ag1', 1);
        });
        const snapshot = () =>
          run(async (tx) => ({
            users: await tx.getUsers(['ag1', 'u9']),
            profile: await tx.getAgentProfile('ag1'),
            chat: await tx.getChat('c1'),
            chats: await tx.listUserChats('v1'),
            offers: await tx.listOffers(),
            messages: await tx.listMessages('c1', { limit: 10 }),
            readSeq: await tx.getReadSeq('c1', 'ag1'),
          }));
        const stored = await snapshot();

        const failure = new Error('boom');
        await expect(
          run(async (tx) => {
            await tx.insertUser(user('u9'));
            await tx.updateUser({ ...agent('ag1'), name: 'renamed' });
            await tx.putAgentProfile(profile('ag1', ['elsewhere'], { capacity: 9 }));
            await tx.updateChat({ ...before.chat, status: 'active', assignee: 'ag1', users: ['v1', 'ag1'] });
            await tx.insertChat(chat('c2'));
            await tx.appendMessage(draft('c1', 'm2', 'k2'));
            await tx.appendMessage(draft('c1', 'm3'));
            await tx.deleteOffer('c1');
            await tx.insertOffer(offer('c2', 'ag1'));
            await tx.setReadSeq('c1', 'ag1', 3);
            await tx.setReadSeq('c1', 'v1', 3);
            throw failure;
          }),
        ).rejects.toBe(failure);

        expect(await snapshot()).toStrictEqual(stored);
        expect(await run((tx) => tx.getChat('c2'))).toBeUndefined();
        expect(await run((tx) => tx.getReadSeq('c1', 'v1'))).toBe(0);
        // The seq and the clientId the failed unit took are free again.
        const next = await run((tx) => tx.appendMessage(draft('c1', 'm4', 'k2')));
        expect(next).toMatchObject({ created: true, message: { id: 'm4', seq: 2 } });
      });

      it('undoes a unit that fails inside the store, and keeps working', async () => {
        await run((tx) => tx.insertUser(user('u1')));
        await expect(
          run(async (tx) => {
            await tx.insertChat(chat('c1'));
            await tx.insertUser(user('u1'));
          }),
        ).rejects.toThrow();
        expect(await run((tx) => tx.getChat('c1'))).toBeUndefined();
        await run((tx) => tx.insertChat(chat('c1')));
        expect((await run((tx) => tx.getChat('c1')))?.id).toBe('c1');
      });

      it('refuses work after close', async () => {
        await run((tx) => tx.insertUser(user('u1')));
        await store.close();
        await expect(run((tx) => tx.getUser('u1'))).rejects.toThrow();
      });
    });
  });
}

function user(id: string, name = `User ${id}`): User {
  return { id, role: 'user', name };
}

function agent(id: string): User {
  return { id, role: 'agent', name: `Agent ${id}`, status: 'online' };
}

function profile(userId: string, rooms: string[], overrides: Partial<AgentProfile> = {}): AgentProfile {
  return { userId, rooms, capacity: 3, lastOfferedAt: null, lastAssignedAt: null, statusChoices: 0, ...overrides };
}

/** A stored chat with sensible defaults, for store tests. */
export function chat(id: string, overrides: Partial<ChatRecord> = {}): ChatRecord {
  return {
    id,
    room: 'support',
    source: 'web',
    lang: 'en',
    // Each chat its own creator by default: a store refuses two open chats of one creator in one room.
    creator: `v-${id}`,
    status: 'waiting',
    users: ['v1'],
    createdAt: '2026-01-01T00:00:00.000Z',
    lastSeq: 0,
    queuedAt: null,
    routing: null,
    ...overrides,
  };
}

function offer(chatId: string, agentId: string, expiresAt = '2026-01-01T00:00:30.000Z'): OfferRecord {
  return { chatId, agentId, createdAt: '2026-01-01T00:00:00.000Z', expiresAt };
}

/** A message draft for store tests. */
export function draft(chatId: string, id: string, clientId?: string): MessageDraft {
  const message: MessageDraft = {
    id,
    chatId,
    sender: 'v1',
    type: 'text',
    message: `text of ${id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  if (clientId !== undefined) message.clientId = clientId;
  return message;
}
