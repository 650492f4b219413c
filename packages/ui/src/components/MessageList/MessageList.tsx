import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ComponentType, HTMLAttributes, ReactNode } from 'react';
import type { Rect } from '@tanstack/react-virtual';
import type { Note, User } from '@parley/protocol';
import type { ChatMessage } from '@parley/core';
import type { StringsOverride } from '../../strings/strings';
import { StringsProvider, useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';
import { MessageBubble } from '../MessageBubble/MessageBubble';
import type { MessageBubbleProps } from '../MessageBubble/MessageBubble';
import { NoteBubble } from '../NoteBubble/NoteBubble';
import { messageKey } from './messageKey';
import { startsGroup } from './messageGroups';
import { interleaveNotes, isNote, rowKey } from './interleaveNotes';
import { useChatScroll } from './useChatScroll';
import type { ChatRows } from './chatRows';
// The widget's build puts `useFlowRows.ts` here (every row, no virtualizer): scripts/build/flowMessageList.ts.
import { serverStyles, useChatVirtualizer } from './useChatVirtualizer';

export interface MessageListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Oldest first, as the store holds them (`useMessages(chatId).messages`). Unchanged messages must keep their identity. */
  messages: readonly ChatMessage[];
  /**
   * Agents only: the chat's internal notes (`store.notes[chatId]`), each shown right after the message
   * its `afterSeq` names and marked as a note. A visitor's list never gets any.
   */
  notes?: readonly Note[];
  /** The viewer's user id. */
  me: string;
  /** Names (and agents' photos) for sender ids; unknown senders show their id. */
  users?: Readonly<Record<string, Pick<User, 'name' | 'nickname' | 'avatarUrl'>>>;
  /** Per user, the highest `seq` read (the protocol's read state); drives the ✓✓ ticks. */
  readSeqByUser?: Readonly<Record<string, number>>;
  /** Older messages exist on the server: show "load earlier" and ask when the top is reached. */
  hasMore?: boolean;
  /** An older page is being fetched: the "load older" button says so, and `onLoadOlder` waits. */
  loadingOlder?: boolean;
  /** Called while `hasMore` when the viewer reaches the top or presses "load older": fetch the previous page. */
  onLoadOlder?: () => void;
  /** Shown as a Retry button on failed messages. */
  onRetry?: (message: ChatMessage) => void;
  /** Someone else's message scrolled into view (once per message): the moment to mark it read. */
  onVisible?: (message: ChatMessage) => void;
  /**
   * Replaces the row component. Keep it memoized (`React.memo`): the list relies on rows skipping
   * renders when their props are unchanged.
   */
  messageComponent?: ComponentType<MessageBubbleProps>;
  /** Shown while there are no messages (a welcome message); `strings.emptyList` by default. */
  empty?: ReactNode;
  /** First guess of a row's height before it is measured. */
  estimateRowHeight?: number;
  /** Viewport size before the first measurement (server rendering, tests). */
  initialRect?: Rect;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
  /** BCP 47 tag for times (`Intl.DateTimeFormat`); the nearest `StringsProvider` or `ChatWindow`, else the browser's. */
  locale?: string;
}

// Pixels from the top at which older messages are requested, so they are there before the reader is.
const loadOlderThreshold = 200;

/** Hands rows a callback whose identity never changes, so a new parent closure doesn't re-render them. */
function useStableCallback<A extends unknown[]>(callback: ((...args: A) => void) | undefined) {
  const ref = useRef(callback);
  useEffect(() => {
    ref.current = callback;
  });
  const stable = useCallback((...args: A) => ref.current?.(...args), []);
  return callback ? stable : undefined;
}

function displayName(user: Pick<User, 'name' | 'nickname'> | undefined): string | undefined {
  return user ? (user.nickname ?? user.name) : undefined;
}

/**
 * A virtualized chat log. Only the rows in view are in the DOM; rows are memoized on primitive props,
 * so appending a message renders the list and the new row and nothing else.
 */
export function MessageList({
  messages,
  notes,
  me,
  users,
  readSeqByUser,
  hasMore = false,
  loadingOlder = false,
  onLoadOlder,
  onRetry,
  onVisible,
  messageComponent: Row = MessageBubble,
  empty,
  estimateRowHeight = 64,
  initialRect,
  strings: override,
  locale,
  className,
  ...rest
}: MessageListProps) {
  const strings = useStrings(override);
  const scrollRef = useRef<HTMLDivElement>(null);
  const retry = useStableCallback(onRetry);
  const loadOlder = useStableCallback(onLoadOlder);
  const visibleRef = useRef(onVisible);
  useEffect(() => {
    visibleRef.current = onVisible;
  });

  // The same array as `messages` when there are no notes (a visitor's list always).
  const rows = useMemo(() => interleaveNotes(messages, notes, hasMore), [messages, notes, hasMore]);

  const estimateSize = useCallback(() => estimateRowHeight, [estimateRowHeight]);
  const virtualizer: ChatRows = useChatVirtualizer({
    items: rows,
    itemKey: rowKey,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 6,
    // Prepending keeps the row under the reader's eyes in place; rows growing at the end stay in view.
    anchorTo: 'end',
    // Start at the end (of the estimated layout), so the first frame already shows the newest
    // messages; read again once the scroller is there to say how tall it is.
    initialOffset: () => Math.max(0, rows.length * estimateRowHeight - (scrollRef.current?.clientHeight ?? 0)),
    initialRect,
  });
  const { unseen, onScroll, jumpToLatest } = useChatScroll(rows, me, virtualizer, scrollRef);

  // The highest seq any other reader reached: each own message compares its seq with one number.
  const readUpTo = useMemo(() => {
    let max = 0;
    for (const [userId, seq] of Object.entries(readSeqByUser ?? {})) if (userId !== me && seq > max) max = seq;
    return max;
  }, [readSeqByUser, me]);

  const items = virtualizer.getVirtualItems();
  const scrollOffset = virtualizer.scrollOffset ?? 0;
  const viewport = virtualizer.scrollRect?.height ?? 0;

  // Read receipts: report each message of someone else once, when it is actually in view.
  const reported = useRef(new Set<string>());
  useEffect(() => {
    const report = visibleRef.current;
    if (!report) return;
    for (const item of items) {
      if (item.end <= scrollOffset || item.start >= scrollOffset + viewport) continue;
      const row = rows[item.index];
      // Notes are no messages: nothing to mark read.
      if (!row || isNote(row) || row.sender === me || reported.current.has(row.id)) continue;
      reported.current.add(row.id);
      report(row);
    }
  }, [items, scrollOffset, viewport, rows, me]);

  // Reaching the top asks for the previous page, once per oldest message: checked after each render
  // and on every scroll event, since the list does not re-render while scrolling within its rows.
  const requestedFor = useRef<string | null>(null);
  const firstKey = messages.length > 0 ? messageKey(messages[0]!) : null;
  const olderRef = useRef({ hasMore, loadingOlder, firstKey });
  useEffect(() => {
    olderRef.current = { hasMore, loadingOlder, firstKey };
  });
  const requestOlder = useCallback(() => {
    const { hasMore, loadingOlder, firstKey } = olderRef.current;
    if (!hasMore || loadingOlder || !loadOlder || requestedFor.current === firstKey) return;
    requestedFor.current = firstKey;
    loadOlder();
  }, [loadOlder]);
  const atTop = scrollOffset <= loadOlderThreshold && (items[0]?.index ?? 0) === 0;
  useEffect(() => {
    if (atTop) requestOlder();
  }, [atTop, hasMore, loadingOlder, firstKey, requestOlder]);
  const handleScroll = useCallback(() => {
    onScroll();
    const el = scrollRef.current;
    if (el && el.scrollTop <= loadOlderThreshold) requestOlder();
  }, [onScroll, requestOlder]);

  // The virtualizer is an external store read while rendering (as with useVirtualizer); the compiler
  // sees the scroll element's ref passed into it and takes every read of it for a ref read.
  /* eslint-disable react-hooks/refs */
  const list = (
    <div {...rest} className={cx('parley-message-list', className)} data-state={rows.length === 0 ? 'empty' : 'filled'}>
      <div
        ref={scrollRef}
        className="parley-message-scroller"
        data-parley-scroller=""
        role="log"
        aria-live="polite"
        aria-label={strings.messageListLabel}
        aria-busy={loadingOlder || undefined}
        // Focusable so keyboard users can scroll the history with arrows and Page Up/Down.
        tabIndex={0}
        onScroll={handleScroll}
      >
        {/* The virtualizer writes the spacer's height and the rows' positions itself (no commit per measurement). */}
        <div
          ref={virtualizer.measureSizer}
          className="parley-message-spacer"
          style={serverStyles ? { height: virtualizer.getTotalSize() } : undefined}
        >
          {items.map((item) => {
            const row = rows[item.index]!;
            const previous = rows[item.index - 1];
            const mine = row.sender === me;
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="parley-message-row"
                style={serverStyles ? { transform: `translateY(${item.start}px)` } : undefined}
              >
                {isNote(row) ? (
                  <NoteBubble note={row} mine={mine} senderName={displayName(users?.[row.sender])} />
                ) : (
                  <Row
                    message={row}
                    mine={mine}
                    senderName={displayName(users?.[row.sender])}
                    senderAvatarUrl={users?.[row.sender]?.avatarUrl}
                    // After a note the writer is named again: the note broke the run of their messages.
                    showSender={previous !== undefined && isNote(previous) ? true : startsGroup(row, previous)}
                    read={mine && row.seq !== undefined && row.seq <= readUpTo}
                    onRetry={retry}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {rows.length === 0 && (empty ?? <p className="parley-empty">{strings.emptyList}</p>)}
      {hasMore && (
        <button type="button" className="parley-load-older" onClick={onLoadOlder} disabled={loadingOlder} aria-busy={loadingOlder || undefined}>
          {loadingOlder ? strings.loadingOlder : strings.loadOlder}
        </button>
      )}
      {unseen > 0 && (
        <button type="button" className="parley-jump" onClick={jumpToLatest}>
          {strings.jumpToLatest(unseen)}
        </button>
      )}
    </div>
  );
  /* eslint-enable react-hooks/refs */
  // Rows read strings and locale from context: pass `strings` as a stable object, or every row re-renders.
  return (
    <StringsProvider strings={override} locale={locale}>
      {list}
    </StringsProvider>
  );
}
