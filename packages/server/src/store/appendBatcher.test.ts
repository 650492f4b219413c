import type { MemberAppendResult } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import type { AppendDraft } from './appendBatcher';
import { AppendTimeoutError, createAppendBatcher } from './appendBatcher';

const draft = (chatId: string, clientId: string): AppendDraft => ({
  id: `m-${chatId}-${clientId}`,
  chatId,
  clientId,
  sender: 'v1',
  type: 'text',
  message: clientId,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** A runner that records its batches and answers each draft `created` with seq 1, 2, … per chat. */
function recordingRunner(options: { hold?: Promise<void> } = {}) {
  const batches: string[][] = [];
  const seqs = new Map<string, number>();
  const run = async (drafts: readonly AppendDraft[]): Promise<MemberAppendResult[]> => {
    batches.push(drafts.map((one) => `${one.chatId}/${one.clientId}`));
    await options.hold;
    return drafts.map((one) => {
      const seq = (seqs.get(one.chatId) ?? 0) + 1;
      seqs.set(one.chatId, seq);
      return { outcome: 'created', users: ['v1'], message: { id: one.id, chatId: one.chatId, seq, sender: one.sender, type: 'text' as const, message: one.message, createdAt: one.createdAt } };
    });
  };
  return { batches, run };
}

describe('append batcher', () => {
  it('sends what arrives in one tick as one batch, and answers each send with its own result', async () => {
    const { batches, run } = recordingRunner();
    const append = createAppendBatcher({ run, lanes: 1, maxBatch: 100, stuckMs: 10_000 });
    const results = await Promise.all([append(draft('c1', 'a')), append(draft('c2', 'b')), append(draft('c1', 'c'))]);
    expect(batches).toEqual([['c1/a', 'c2/b', 'c1/c']]);
    expect(results.map((result) => result.outcome === 'created' && [result.message.chatId, result.message.seq])).toEqual([
      ['c1', 1],
      ['c2', 1],
      ['c1', 2],
    ]);
  });

  it('holds a second copy of a clientId back to the next batch, and what arrives meanwhile joins that one', async () => {
    let open!: () => void;
    const { batches, run } = recordingRunner({ hold: new Promise<void>((resolve) => (open = resolve)) });
    const append = createAppendBatcher({ run, lanes: 1, maxBatch: 100, stuckMs: 10_000 });
    const first = [append(draft('c1', 'a')), append(draft('c1', 'a'))];
    await new Promise((resolve) => setImmediate(resolve));
    const meanwhile = append(draft('c1', 'b'));
    open();
    await Promise.all([...first, meanwhile]);
    expect(batches).toEqual([['c1/a'], ['c1/a', 'c1/b']]);
  });

  it('caps a batch at maxBatch', async () => {
    const { batches, run } = recordingRunner();
    const append = createAppendBatcher({ run, lanes: 1, maxBatch: 2, stuckMs: 10_000 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((clientId) => append(draft('c1', clientId))));
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
  });

  it('keeps each chat on one lane, so its messages are numbered in the order they were sent', async () => {
    const { batches, run } = recordingRunner();
    const append = createAppendBatcher({ run, lanes: 4, maxBatch: 100, stuckMs: 10_000 });
    const chats = Array.from({ length: 20 }, (_, index) => `chat-${index}`);
    await Promise.all(chats.flatMap((chatId) => ['1', '2', '3'].map((clientId) => append(draft(chatId, clientId)))));
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThanOrEqual(4);
    for (const chatId of chats) {
      const holding = batches.filter((batch) => batch.some((entry) => entry.startsWith(`${chatId}/`)));
      expect(holding).toHaveLength(1);
      expect(holding[0]!.filter((entry) => entry.startsWith(`${chatId}/`))).toEqual([`${chatId}/1`, `${chatId}/2`, `${chatId}/3`]);
    }
  });

  it('fails every send of a batch that failed, and goes on with the next', async () => {
    let calls = 0;
    const append = createAppendBatcher({
      run: async (drafts) => {
        calls++;
        if (calls === 1) throw new Error('connection lost');
        return recordingRunner().run(drafts);
      },
      lanes: 1,
      maxBatch: 100,
      stuckMs: 10_000,
    });
    const failed = await Promise.allSettled([append(draft('c1', 'a')), append(draft('c1', 'b'))]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await append(draft('c1', 'a'))).toMatchObject({ outcome: 'created' });
  });

  it('gives up on a batch that gets no answer, so a silent connection does not hold the lane', async () => {
    let calls = 0;
    const append = createAppendBatcher({
      run: (drafts) => {
        calls++;
        return calls === 1 ? new Promise<never>(() => undefined) : recordingRunner().run(drafts);
      },
      lanes: 1,
      maxBatch: 100,
      stuckMs: 50,
    });
    const stuck = append(draft('c1', 'a'));
    await new Promise((resolve) => setImmediate(resolve));
    const next = append(draft('c1', 'b'));
    await expect(stuck).rejects.toBeInstanceOf(AppendTimeoutError);
    expect(await next).toMatchObject({ outcome: 'created' });
  });
});
