import type { Message, MessageRange } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { OlderUpdate } from './sequencer';
import { createSequencer } from './sequencer';

function message(seq: number, chatId = 'c'): Message {
  return { id: `${chatId}${seq}`, chatId, seq, sender: 'u', type: 'text', message: `#${seq}`, createdAt: '' };
}

/** A server holding seq 1..`has`, paging as `messages:list` does (PROTOCOL.md §4). */
function setup(initial: number, pageSize = 2) {
  const delivered: number[] = [];
  const older: Omit<OlderUpdate, 'messages'>[] = [];
  const olderSeqs: number[][] = [];
  const requests: MessageRange[] = [];
  const server: { has: number; fail?: Error } = { has: initial };
  const sequencer = createSequencer({
    pageSize,
    async fetchPage(_chatId, range) {
      requests.push(range);
      if (server.fail) throw server.fail;
      const all = Array.from({ length: server.has }, (_, index) => message(index + 1)).filter(
        (m) => m.seq > (range.afterSeq ?? 0) && m.seq < (range.beforeSeq ?? Infinity),
      );
      const page = range.afterSeq === undefined ? all.slice(Math.max(0, all.length - range.limit)) : all.slice(0, range.limit);
      return { messages: page, hasMore: all.length > range.limit };
    },
    deliver: (m) => delivered.push(m.seq),
    onOlder: ({ messages, ...state }) => {
      older.push(state);
      if (messages.length > 0) olderSeqs.push(messages.map((m) => m.seq));
    },
    onError: () => undefined,
  });
  return { sequencer, delivered, older, olderSeqs, requests, server };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createSequencer', () => {
  it('starts a newly followed chat from its latest page, not from seq 1', async () => {
    const { sequencer, delivered, older, requests } = setup(5);
    sequencer.track('c');
    await settle();
    expect(requests).toEqual([{ limit: 2 }]);
    expect(delivered).toEqual([4, 5]);
    expect(older).toEqual([{ chatId: 'c', hasMore: true, loading: false }]);
    expect(older.at(-1)?.hasMore).toBe(true);
    expect(sequencer.lastSeq('c')).toBe(5);
  });

  it('pages back with beforeSeq, reporting older pages to onOlder and never to deliver', async () => {
    const { sequencer, delivered, older, olderSeqs, requests } = setup(5);
    sequencer.track('c');
    await settle();
    requests.length = 0;
    older.length = 0;

    // Two calls while a page loads share one fetch.
    const [first, second] = await Promise.all([sequencer.loadOlder('c'), sequencer.loadOlder('c')]);
    expect(first).toBe(second);
    expect(first).toEqual({ messages: [message(2), message(3)], hasMore: true });
    await expect(sequencer.loadOlder('c')).resolves.toEqual({ messages: [message(1)], hasMore: false });
    await expect(sequencer.loadOlder('c')).resolves.toEqual({ messages: [], hasMore: false });

    expect(requests).toEqual([
      { beforeSeq: 4, limit: 2 },
      { beforeSeq: 2, limit: 2 },
    ]);
    expect(olderSeqs).toEqual([[2, 3], [1]]);
    expect(older).toEqual([
      { chatId: 'c', hasMore: true, loading: true },
      { chatId: 'c', hasMore: true, loading: false },
      { chatId: 'c', hasMore: true, loading: true },
      { chatId: 'c', hasMore: false, loading: false },
    ]);
    expect(delivered).toEqual([4, 5]);
    expect(older.at(-1)?.hasMore).toBe(false);
  });

  it('delivers the next seq at once, drops repeats, and backfills a gap before what follows it', async () => {
    const { sequencer, delivered, older, requests, server } = setup(6, 50);
    sequencer.track('c', 3);
    await settle();
    expect(delivered).toEqual([4, 5, 6]);
    expect(older.at(-1)?.hasMore).toBe(true);
    requests.length = 0;

    server.has = 9;
    sequencer.ingest(message(7));
    sequencer.ingest(message(7));
    expect(delivered).toEqual([4, 5, 6, 7]);
    expect(requests).toEqual([]);
    sequencer.ingest(message(9)); // 8 is missing: 9 is held while 8 is fetched
    expect(delivered).toEqual([4, 5, 6, 7]);
    await settle();
    expect(delivered).toEqual([4, 5, 6, 7, 8, 9]);
    expect(requests).toEqual([{ afterSeq: 7, limit: 200 }]);
    expect(sequencer.lastSeq('c')).toBe(9);

    // Once the gap is filled, the next seq is delivered at once again; a repeat of a filled one is dropped.
    sequencer.ingest(message(10));
    sequencer.ingest(message(8));
    expect(delivered).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(requests).toHaveLength(1);
  });

  it('delivers what was held ahead of a gap before the message that fills it is followed by the next', async () => {
    const { sequencer, delivered, server } = setup(2, 50);
    sequencer.track('c', 2);
    await settle();
    server.has = 2; // the server has nothing to fill gaps with: only pushes arrive
    sequencer.ingest(message(4));
    sequencer.ingest(message(5));
    expect(delivered).toEqual([]);
    sequencer.ingest(message(3));
    expect(delivered).toEqual([3, 4, 5]);
    sequencer.ingest(message(6));
    expect(delivered).toEqual([3, 4, 5, 6]);
    await settle();
    expect(delivered).toEqual([3, 4, 5, 6]);
  });

  it('starts at once on seq 1; a later first push waits for the latest page, then the gap after it fills', async () => {
    const fresh = setup(0);
    fresh.sequencer.ingest(message(1));
    expect(fresh.delivered).toEqual([1]);
    expect(fresh.older.at(-1)?.hasMore).toBe(false);

    const { sequencer, delivered, requests, server } = setup(6);
    sequencer.track('c'); // the latest page (5, 6) is on its way
    server.has = 9;
    sequencer.ingest(message(9)); // 7 and 8 were lost: 9 waits for the start, then for them
    expect(delivered).toEqual([]);
    await settle();
    expect(delivered).toEqual([5, 6, 7, 8, 9]);
    expect(requests).toEqual([{ limit: 2 }, { afterSeq: 6, limit: 200 }]);
  });

  it('catches every followed chat up on resync, and starts again a chat whose first page failed', async () => {
    const { sequencer, delivered, requests } = setup(2, 50);
    sequencer.track('c', 2);
    await settle();
    expect(delivered).toEqual([]);
    sequencer.resync();
    await settle();
    expect(requests).toEqual([
      { afterSeq: 2, limit: 200 },
      { afterSeq: 2, limit: 200 },
    ]);

    const failing = setup(3);
    failing.server.fail = new Error('link lost');
    failing.sequencer.track('c');
    await expect(failing.sequencer.loadOlder('c')).rejects.toThrow('link lost');
    failing.server.fail = undefined;
    failing.sequencer.resync();
    await settle();
    expect(failing.delivered).toEqual([2, 3]);
  });

  it('loadOlder on a chat not followed yet follows it, then pages back from its latest page', async () => {
    const { sequencer, delivered, requests } = setup(5);
    await expect(sequencer.loadOlder('c')).resolves.toEqual({ messages: [message(2), message(3)], hasMore: true });
    expect(delivered).toEqual([4, 5]);
    expect(requests).toEqual([{ limit: 2 }, { beforeSeq: 4, limit: 2 }]);
  });
});
