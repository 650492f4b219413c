import { describe, expect, it } from 'vitest';
import { decideAnchor, isAtBottom } from './anchoring';
import { makeMessage, makeMessages } from '../../test/fixtures';

const ctx = { atBottom: true, me: 'me' };

describe('decideAnchor', () => {
  const page = makeMessages(20, { fromSeq: 101 });

  it('scrolls to the end on the first messages', () => {
    expect(decideAnchor([], page, ctx)).toEqual({ kind: 'scroll-to-end', reason: 'initial' });
  });

  it('does nothing for an empty list or the same list', () => {
    expect(decideAnchor([], [], ctx)).toEqual({ kind: 'none' });
    expect(decideAnchor(page, page, ctx)).toEqual({ kind: 'none' });
  });

  it('follows an append when pinned to the bottom', () => {
    const next = [...page, makeMessage(121, 'agent')];
    expect(decideAnchor(page, next, ctx)).toEqual({ kind: 'scroll-to-end', reason: 'pinned' });
  });

  it('offers a jump instead when scrolled up', () => {
    const next = [...page, makeMessage(121, 'agent'), makeMessage(122, 'agent')];
    expect(decideAnchor(page, next, { ...ctx, atBottom: false })).toEqual({ kind: 'show-jump', unseen: 2 });
  });

  it("always shows the viewer's own new message", () => {
    const next = [...page, makeMessage(121, 'me')];
    expect(decideAnchor(page, next, { ...ctx, atBottom: false })).toEqual({ kind: 'scroll-to-end', reason: 'own-message' });
  });

  it('keeps the offset when older messages are prepended, wherever the reader is', () => {
    const older = makeMessages(50, { fromSeq: 51 });
    expect(decideAnchor(page, [...older, ...page], { ...ctx, atBottom: false })).toEqual({ kind: 'keep-offset', prepended: 50 });
    expect(decideAnchor(page, [...older, ...page], ctx)).toEqual({ kind: 'keep-offset', prepended: 50 });
  });

  it('ignores in-place updates such as a status change', () => {
    const next = page.map((m, i) => (i === 5 ? { ...m, status: 'failed' as const } : m));
    expect(decideAnchor(page, next, { ...ctx, atBottom: false })).toEqual({ kind: 'none' });
  });

  it('keeps the row when an optimistic message is acknowledged under a new id', () => {
    const optimistic = { ...makeMessage(0, 'me'), id: 'c-1', clientId: 'c-1', status: 'sending' as const };
    const acked = { ...makeMessage(121, 'me'), clientId: 'c-1' };
    expect(decideAnchor([...page, optimistic], [...page, acked], { ...ctx, atBottom: false })).toEqual({ kind: 'none' });
  });

  it('treats a whole new list as a reset', () => {
    expect(decideAnchor(page, makeMessages(5, { fromSeq: 900 }), { ...ctx, atBottom: false })).toEqual({
      kind: 'scroll-to-end',
      reason: 'reset',
    });
  });
});

describe('isAtBottom', () => {
  it('allows a small threshold', () => {
    expect(isAtBottom({ scrollTop: 400, scrollHeight: 1000, clientHeight: 600 })).toBe(true);
    expect(isAtBottom({ scrollTop: 380, scrollHeight: 1000, clientHeight: 600 })).toBe(true);
    expect(isAtBottom({ scrollTop: 300, scrollHeight: 1000, clientHeight: 600 })).toBe(false);
    expect(isAtBottom({ scrollTop: 399, scrollHeight: 1000, clientHeight: 600 }, 0)).toBe(false);
  });
});
