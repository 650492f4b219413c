import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createSequencer } from './sequencer';

function message(seq: number, chatId = 'c'): Message {
  return { id: `${chatId}${seq}`, chatId, seq, sender: 'u', type: 'text', message: `#${seq}`, createdAt: '' };
}

function setup(initial: number, pageSize = 2) {
  const delivered: number[] = [];
  const requests: number[] = [];
  const server = { has: initial };
  const sequencer = createSequencer({
    async fetchPage(_chatId, afterSeq) {
      requests.push(afterSeq);
      const all = Array.from({ length: server.has }, (_, index) => message(index + 1)).filter((m) => m.seq > afterSeq);
      return { messages: all.slice(0, pageSize), hasMore: all.length > pageSize };
    },
    deliver: (m) => delivered.push(m.seq),
    onError: (error) => {
      throw error;
    },
  });
  return { sequencer, delivered, requests, server };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createSequencer', () => {
  it('pages a newly followed chat in from the start, until hasMore is false', async () => {
    const { sequencer, delivered, requests } = setup(5);
    sequencer.track('c');
    await settle();
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(requests).toEqual([0, 2, 4]);
  });

  it('delivers the next seq at once, drops repeats, and backfills a gap before what follows it', async () => {
    const { sequencer, delivered, requests, server } = setup(6, 50);
    sequencer.track('c', 3);
    await settle();
    expect(delivered).toEqual([4, 5, 6]);
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
    expect(requests).toEqual([7]);
    expect(sequencer.lastSeq('c')).toBe(9);
  });

  it('catches every followed chat up on resync', async () => {
    const { sequencer, delivered, requests } = setup(2, 50);
    sequencer.track('c', 2);
    await settle();
    expect(delivered).toEqual([]);
    sequencer.resync();
    await settle();
    expect(requests).toEqual([2, 2]);
  });
});
