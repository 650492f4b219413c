import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { ChatRows } from './chatRows';
import { decideAnchor, isAtBottom } from './anchoring';
import type { AnchorRow } from './anchoring';

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
}

export interface ChatScroll {
  /** New messages that arrived below while the reader was scrolled up. */
  unseen: number;
  onScroll: () => void;
  jumpToLatest: () => void;
}

/**
 * Applies `decideAnchor` to the list's rows. Keeping the offset on prepend is the rows' own (the
 * virtualizer's `anchorTo: 'end'`, or `useFlowRows`' anchor); this hook owns following the end and the unseen count.
 */
export function useChatScroll(
  messages: readonly AnchorRow[],
  me: string,
  virtualizer: ChatRows,
  scrollRef: RefObject<HTMLDivElement | null>,
): ChatScroll {
  // A ref, not state: scroll events are frequent and the answer only matters when messages change.
  const atBottomRef = useRef(true);
  const prevRef = useRef<readonly AnchorRow[]>([]);
  const [unseen, setUnseenState] = useState(0);
  // Mirrors `unseen` so clearing an already clear count schedules no render (scrolls at the end and
  // every pinned append would otherwise each queue one).
  const unseenRef = useRef(0);
  const setUnseen = useCallback((update: (n: number) => number) => {
    const next = update(unseenRef.current);
    if (next === unseenRef.current) return;
    unseenRef.current = next;
    setUnseenState(next);
  }, []);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottomRef.current = isAtBottom(el);
    if (atBottomRef.current) setUnseen(() => 0);
  }, [scrollRef, setUnseen]);

  useLayoutEffect(() => {
    const prev = prevRef.current;
    prevRef.current = messages;
    const decision = decideAnchor(prev, messages, { atBottom: atBottomRef.current, me });
    if (decision.kind === 'scroll-to-end') {
      atBottomRef.current = true;
      // The first messages usually start there already (`initialOffset`); a scroll command then
      // would only hold back the corrections that keep the end in view while rows are measured.
      if (decision.reason !== 'initial' || !virtualizer.isAtEnd()) virtualizer.scrollToEnd();
      // The jump button goes away with the scroll it offered.
      setUnseen(() => 0);
    } else if (decision.kind === 'show-jump') {
      setUnseen((n) => n + decision.unseen);
    }
  }, [messages, me, virtualizer, setUnseen]);

  // The viewport shrinks when something appears below it (the "chat ended" banner, the typing
  // indicator) or the window is resized: a reader who was at the end stays there, instead of the last
  // message sliding under what appeared.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let height = el.clientHeight;
    const observer = new ResizeObserver(() => {
      const next = el.clientHeight;
      if (next === height) return;
      height = next;
      if (atBottomRef.current) virtualizer.scrollToEnd();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollRef, virtualizer]);

  const jumpToLatest = useCallback(() => {
    atBottomRef.current = true;
    setUnseen(() => 0);
    virtualizer.scrollToEnd({ behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }, [virtualizer, setUnseen]);

  return { unseen, onScroll, jumpToLatest };
}
