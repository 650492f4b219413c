import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { emptyMessageList, MessageLog } from './messageList';

function message(seq: number, extra: Partial<Message> = {}): Message {
  return { id: `m${seq}`, chatId: 'c', seq, sender: 'u', type: 'text', message: `#${seq}`, createdAt: '', ...extra };
}

describe('MessageLog', () => {
  it('keeps messages sorted by seq whatever the arrival order', () => {
    const log = new MessageLog();
    for (const seq of [3, 1, 5, 2, 4]) log.addSent(message(seq));
    expect(log.list.toArray().map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log.list.lastSeq).toBe(5);
  });

  it('drops duplicates by id, by clientId and by seq', () => {
    const log = new MessageLog();
    expect(log.addSent(message(1, { clientId: 'k1' }))).toBe(true);
    expect(log.addSent(message(1, { clientId: 'k1' }))).toBe(false);
    expect(log.addSent(message(2, { id: 'other', clientId: 'k1' }))).toBe(false);
    log.addSent(message(3));
    expect(log.addSent(message(3, { id: 'again' }))).toBe(false);
    expect(log.list.length).toBe(2);
  });

  it('replaces the optimistic copy with the stored one', () => {
    const log = new MessageLog();
    log.putPending({ id: 'k1', chatId: 'c', seq: undefined, sender: 'u', type: 'text', message: 'hi', clientId: 'k1', createdAt: '', status: 'sending' });
    expect(log.list.toArray()).toMatchObject([{ status: 'sending', clientId: 'k1' }]);
    log.addSent(message(1, { clientId: 'k1', message: 'hi' }));
    expect(log.list.toArray()).toMatchObject([{ status: 'sent', seq: 1, clientId: 'k1' }]);
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
    expect(log.list.toArray().map((m) => [m.seq, m.status])).toEqual([
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
