import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { isStored, messageStatus } from './chatMessage';
import { emptyMessageList, MessageLog } from './messageList';

function message(seq: number, extra: Partial<Message> = {}): Message {
  return { id: `m${seq}`, chatId: 'c', seq, sender: 'u', type: 'text', message: `#${seq}`, createdAt: '', ...extra } as Message;
}

describe('MessageLog', () => {
  it('keeps messages sorted by seq whatever the arrival order', () => {
    const log = new MessageLog();
    for (const seq of [3, 1, 5, 2, 4]) log.addSent(message(seq));
    expect(log.list.toArray().map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log.list.lastSeq).toBe(5);
  });

  it('drops duplicates by seq, at the end and in the middle, keeping the first copy', () => {
    const log = new MessageLog();
    const first = message(1, { clientId: 'k1' });
    expect(log.addSent(first)).toBe(true);
    expect(log.addSent(message(1, { clientId: 'k1' }))).toBe(false);
    log.addSent(message(3));
    expect(log.addSent(message(3, { id: 'again' }))).toBe(false);
    log.addSent(message(5));
    expect(log.addSent(message(3))).toBe(false);
    expect(log.addSent(message(1))).toBe(false);
    expect(log.list.toArray().map((m) => m.seq)).toEqual([1, 3, 5]);
    expect(log.list.at(0)).toBe(first);
  });

  it('keeps the server message objects themselves, pushed, inserted and paged back: no copy, no status field', () => {
    const log = new MessageLog();
    const [one, two, three, four] = [message(1), message(2), message(3), message(4)];
    log.addSent(three);
    log.addSent(four);
    log.addSent(two); // out of order: inserted by binary search
    log.addOlder([one]);
    expect(log.list.toArray()).toEqual([one, two, three, four]);
    log.list.toArray().forEach((held, index) => expect(held).toBe([one, two, three, four][index]));
    expect(log.list.at(3)).toBe(four);
    // As an array's `at`: counted back from the end, and undefined past either end.
    expect(log.list.at(-1)).toBe(four);
    expect(log.list.at(-4)).toBe(one);
    expect(log.list.at(-5)).toBeUndefined();
    expect(log.list.at(4)).toBeUndefined();
    expect(Object.keys(four)).not.toContain('status');
    expect(log.list.toArray().map(messageStatus)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(log.list.toArray().every(isStored)).toBe(true);
  });

  it('says a pending message is not stored and reports its own status', () => {
    const log = new MessageLog();
    log.putPending({ id: 'k1', chatId: 'c', seq: undefined, sender: 'u', type: 'text', message: 'hi', clientId: 'k1', createdAt: '', status: 'failed' });
    const [pending] = log.list.toArray();
    expect(isStored(pending!)).toBe(false);
    expect(messageStatus(pending!)).toBe('failed');
  });

  it('replaces the optimistic copy with the stored one', () => {
    const log = new MessageLog();
    log.putPending({ id: 'k1', chatId: 'c', seq: undefined, sender: 'u', type: 'text', message: 'hi', clientId: 'k1', createdAt: '', status: 'sending' });
    expect(log.list.toArray()).toMatchObject([{ status: 'sending', clientId: 'k1' }]);
    log.addSent(message(1, { clientId: 'k1', message: 'hi' }));
    expect(log.list.toArray()).toMatchObject([{ seq: 1, clientId: 'k1' }]);
    expect(log.list.toArray().map(messageStatus)).toEqual(['sent']);
    // A late "queued" for a message already stored must not bring the optimistic copy back.
    expect(log.putPending({ id: 'k1', chatId: 'c', seq: undefined, sender: 'u', type: 'text', message: 'hi', clientId: 'k1', createdAt: '', status: 'sending' })).toBe(false);
    expect(log.list.length).toBe(1);
  });

  it('leaves earlier snapshots as they were (appends share storage, inserts copy it)', () => {
    const log = new MessageLog();
    log.addSent(message(1));
    log.addSent(message(3));
    const before = log.list;
    log.addSent(message(4));
    log.addSent(message(2));
    expect(before.toArray().map((m) => m.seq)).toEqual([1, 3]);
    expect(before.at(2)).toBeUndefined();
    expect(log.list.toArray().map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(emptyMessageList.length).toBe(0);
  });

  it('prepends a page of older messages in one copy, once, leaving earlier snapshots as they were', () => {
    const log = new MessageLog();
    log.putPending({ id: 'k2', chatId: 'c', seq: undefined, sender: 'u', type: 'text', message: '#2', clientId: 'k2', createdAt: '', status: 'sending' });
    log.addSent(message(4));
    log.addSent(message(5));
    const before = log.list;
    const added = log.addOlder([message(3), message(1), message(2, { clientId: 'k2' }), message(4)]);
    expect(added.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(log.list.toArray().map((m) => [m.seq, messageStatus(m)])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
      [4, 'sent'],
      [5, 'sent'],
    ]);
    expect(before.toArray().map((m) => m.seq)).toEqual([4, 5, undefined]);
    expect(log.addOlder([message(1), message(2)])).toEqual([]);
    expect(log.list.lastSeq).toBe(5);
    log.addSent(message(6));
    expect(log.list.toArray().map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('counts unread messages from others after a read position', () => {
    const log = new MessageLog();
    for (const seq of [1, 2, 3, 4]) log.addSent(message(seq, { sender: seq === 3 ? 'me' : 'them' }));
    expect(log.countAfter(1, 'me')).toBe(2);
    expect(log.countAfter(4, 'me')).toBe(0);
  });
});
