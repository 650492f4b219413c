import { useLayoutEffect, useReducer, useState } from 'react';
import type { ChatRows, ChatRowsOptions, RowItem, RowKey } from './chatRows';
import { isAtBottom } from './anchoring';

/**
 * The message list without virtualization: every row in the DOM, in the normal flow. For a chat that
 * stays short (a visitor's), it saves TanStack's virtualizer (~9 KB gzip); the widget's build picks it
 * in place of `useChatVirtualizer` (scripts/build/flowMessageList.ts). What the list needs from a
 * virtualizer it does itself, with the DOM as the measure:
 *
 * - the rows in view (read receipts, the top for "load older"): from the rows' `offsetTop`, found
 *   again after each commit and on every scroll; the list re-renders when they change;
 * - what the reader looks at stays in place when rows are added or grow above it (older messages,
 *   an image loading): the first row in view keeps its distance from the top of the viewport
 *   (browsers' own `overflow-anchor` would do it, but Safari has none);
 * - a reader at the end stays there when the content grows (a row measured taller, an image loaded).
 */
class FlowRows<T> implements ChatRows {
  private items: readonly T[] = [];
  private itemKey: (item: T) => RowKey = () => 0;
  private scroller: HTMLElement | null = null;
  private sizer: HTMLElement | null = null;
  private rows = new Map<RowKey, HTMLElement>();
  private resizeObserver: ResizeObserver | undefined;
  private atEnd = true;
  // The first row in view, and where it was in the list, as of the last scroll or commit.
  private anchor: { key: RowKey; top: number } | undefined;
  private shown = { first: -1, last: -1 };
  scrollOffset: number | null = null;
  scrollRect: ChatRows['scrollRect'] = null;

  constructor(
    private rerender: () => void,
    private options: ChatRowsOptions<T>,
  ) {}

  update(options: ChatRowsOptions<T>) {
    // A list that gets its first rows starts at the end (as the virtualizer's `initialOffset` says):
    // until the commit measures it, the offset of an empty list (0) would read as "at the top".
    if (this.items.length === 0 && options.items.length > 0) this.scrollOffset = this.initialOffset(options);
    this.options = options;
    this.items = options.items;
    this.itemKey = options.itemKey;
  }

  private initialOffset({ initialOffset }: ChatRowsOptions<T>): number {
    return typeof initialOffset === 'function' ? initialOffset() : (initialOffset ?? 0);
  }

  /** Every row: positions come from the last measure (0 for a row not in the DOM yet). */
  getVirtualItems = (): RowItem[] =>
    this.items.map((item, index) => {
      const key = this.itemKey(item);
      const el = this.rows.get(key);
      const start = el?.offsetTop ?? 0;
      return { key, index, start, end: start + (el?.offsetHeight ?? 0) };
    });

  getTotalSize = () => this.sizer?.offsetHeight ?? 0;

  isAtEnd = () => (this.scroller ? isAtBottom(this.scroller) : true);

  scrollToEnd = (options?: { behavior?: ScrollBehavior }) => {
    const el = this.scroller;
    if (!el) return;
    this.atEnd = true;
    el.scrollTo({ top: el.scrollHeight, behavior: options?.behavior ?? 'auto' });
  };

  measureElement = (node: Element | null) => {
    if (!(node instanceof HTMLElement)) return;
    // Rows are laid out by the stylesheet for a virtualizer (absolutely placed): here they flow.
    node.style.position = 'relative';
    const index = Number(node.dataset.index);
    const item = this.items[index];
    if (item !== undefined) this.rows.set(this.itemKey(item), node);
  };

  measureSizer = (node: HTMLElement | null) => {
    this.resizeObserver?.disconnect();
    this.sizer = node;
    if (!node || typeof ResizeObserver === 'undefined') return;
    // Content that grows after its commit (images, a row's progress bar): keep the end, or the anchor.
    this.resizeObserver = new ResizeObserver(() => this.keepPosition());
    this.resizeObserver.observe(node);
  };

  /** A scroll event: where the reader is now. */
  onScroll = () => {
    const el = this.scroller;
    if (!el) return;
    this.atEnd = isAtBottom(el);
    this.findAnchor();
    this.checkShown();
  };

  /** After each commit: attach the scroller, forget removed rows, keep the reader's place. */
  committed() {
    const el = this.options.getScrollElement();
    if (el !== this.scroller) {
      this.scroller?.removeEventListener('scroll', this.onScroll);
      this.scroller = el;
      el?.addEventListener('scroll', this.onScroll, { passive: true });
    }
    const keys = new Set(this.items.map(this.itemKey));
    for (const [key, row] of this.rows) if (!keys.has(key) || !row.isConnected) this.rows.delete(key);
    this.keepPosition();
  }

  detach() {
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.resizeObserver?.disconnect();
  }

  private keepPosition() {
    const el = this.scroller;
    if (!el) return;
    if (this.atEnd) {
      if (!isAtBottom(el, 0)) el.scrollTop = el.scrollHeight;
    } else if (this.anchor) {
      // Moved only by as much as the anchor row moved: a write when nothing moved would stop a
      // momentum scroll in progress (iOS).
      const row = this.rows.get(this.anchor.key);
      if (row?.isConnected && row.offsetTop !== this.anchor.top) el.scrollTop += row.offsetTop - this.anchor.top;
    }
    this.findAnchor();
    this.checkShown();
  }

  private findAnchor() {
    const el = this.scroller;
    if (!el) return;
    const top = el.scrollTop;
    for (const item of this.items) {
      const key = this.itemKey(item);
      const row = this.rows.get(key);
      if (row && row.offsetTop + row.offsetHeight > top) {
        this.anchor = { key, top: row.offsetTop };
        return;
      }
    }
    this.anchor = undefined;
  }

  /** Re-renders when the rows in view changed (the list's read receipts and "load older" read them). */
  private checkShown() {
    const el = this.scroller;
    if (!el) return;
    this.scrollOffset = el.scrollTop;
    this.scrollRect = { width: el.clientWidth, height: el.clientHeight };
    const bottom = el.scrollTop + el.clientHeight;
    let first = -1;
    let last = -1;
    this.items.forEach((item, index) => {
      const row = this.rows.get(this.itemKey(item));
      if (!row || row.offsetTop + row.offsetHeight <= el.scrollTop || row.offsetTop >= bottom) return;
      if (first === -1) first = index;
      last = index;
    });
    if (first === this.shown.first && last === this.shown.last) return;
    this.shown = { first, last };
    this.rerender();
  }
}

/** The same contract as `useChatVirtualizer`, every row rendered. */
export function useChatVirtualizer<T>(options: ChatRowsOptions<T>): ChatRows {
  const rerender = useReducer((n: number) => n + 1, 0)[1];
  const [rows] = useState(() => new FlowRows<T>(rerender, options));
  rows.update(options);
  useLayoutEffect(() => () => rows.detach(), [rows]);
  useLayoutEffect(() => rows.committed());
  return rows;
}

/** Rows flow: nothing to place on a server either. */
export const serverStyles = false;
