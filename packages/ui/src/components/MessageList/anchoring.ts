import type { Message } from '@parley/protocol';
import { messageKey } from './messageKey';

/** What the anchoring reads of a row: a message, or anything keyed like one (an agent's note). */
export type AnchorRow = Pick<Message, 'id' | 'clientId' | 'sender'>;

/** What the list should do with its scroll position after `messages` changed. */
export type AnchorDecision =
  | { kind: 'none' }
  /** Show the newest message: first render, a new chat, the viewer's own message, or pinned to the end. */
  | { kind: 'scroll-to-end'; reason: 'initial' | 'reset' | 'own-message' | 'pinned' }
  /** Older messages arrived above: keep what the reader is looking at where it is. */
  | { kind: 'keep-offset'; prepended: number }
  /** New messages below while the reader is scrolled up: leave the view, offer a jump button. */
  | { kind: 'show-jump'; unseen: number };

export interface AnchorContext {
  /** Was the list scrolled to its end before this change? */
  atBottom: boolean;
  /** The viewer's user id. */
  me: string;
}

function indexFromStart(list: readonly AnchorRow[], key: string): number {
  for (let i = 0; i < list.length; i++) if (messageKey(list[i]!) === key) return i;
  return -1;
}

function indexFromEnd(list: readonly AnchorRow[], key: string): number {
  for (let i = list.length - 1; i >= 0; i--) if (messageKey(list[i]!) === key) return i;
  return -1;
}

/**
 * Pure: compares the list before and after a change. Prepends and appends are found by scanning
 * from the edge they happen at, so the cost is the size of the change, not of the list.
 */
export function decideAnchor(
  prev: readonly AnchorRow[],
  next: readonly AnchorRow[],
  { atBottom, me }: AnchorContext,
): AnchorDecision {
  if (next.length === 0 || prev === next) return { kind: 'none' };
  if (prev.length === 0) return { kind: 'scroll-to-end', reason: 'initial' };

  const prevFirst = messageKey(prev[0]!);
  const prevLast = messageKey(prev[prev.length - 1]!);
  const lastIndex = indexFromEnd(next, prevLast);
  const firstIndex = indexFromStart(next, prevFirst);
  if (lastIndex === -1 && firstIndex === -1) return { kind: 'scroll-to-end', reason: 'reset' };

  if (lastIndex !== next.length - 1) {
    // The tail changed. When the old last row is gone (say, an optimistic message was dropped),
    // count the growth instead.
    const appended = lastIndex === -1 ? Math.max(next.length - prev.length, 1) : next.length - 1 - lastIndex;
    const added = next.slice(next.length - appended);
    if (added.some((m) => m.sender === me)) return { kind: 'scroll-to-end', reason: 'own-message' };
    if (atBottom) return { kind: 'scroll-to-end', reason: 'pinned' };
    return { kind: 'show-jump', unseen: added.length };
  }
  if (firstIndex > 0) return { kind: 'keep-offset', prepended: firstIndex };
  return { kind: 'none' };
}

export interface ScrollMetrics {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/** Within `threshold` px of the end counts as the end: fractional pixels and zoom leave slack. */
export function isAtBottom({ scrollTop, scrollHeight, clientHeight }: ScrollMetrics, threshold = 24): boolean {
  return scrollHeight - clientHeight - scrollTop <= threshold;
}
