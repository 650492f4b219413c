import { useLayoutEffect, useReducer, useState } from 'react';
import { flushSync } from 'react-dom';
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/react-virtual';
import type { VirtualizerOptions } from '@tanstack/react-virtual';

import type { ChatRowsOptions, RowKey as Key } from './chatRows';

/** What `keepPositionsBefore` reads and writes of the virtualizer (private in its types; checked at run time). */
interface VirtualizerInternals {
  options: { lanes: number };
  pendingMin: number | null;
  _singleLaneMeasurements: unknown;
  getMeasurementOptions(): unknown;
}

export type ChatVirtualizerOptions<T> = ChatRowsOptions<T>;

export type ChatVirtualizer = Virtualizer<HTMLDivElement, HTMLDivElement> & {
  /** Ref for the element that takes the list's total height. */
  measureSizer: (node: HTMLElement | null) => void;
};

/**
 * The React side of a TanStack `Virtualizer`, written for a chat log instead of
 * `@tanstack/react-virtual`'s `useVirtualizer`, which re-renders on every change the virtualizer
 * reports. Here:
 *
 * - row positions and the total height are written to the DOM directly (a measured row moves the
 *   rows after it without a React commit), so rows and the sizer must not set `transform` / `height`
 *   in their own style;
 * - the list re-renders only when the rows it renders or the rows in view change — never for
 *   `isScrolling` alone, which this list does not show;
 * - `getItemKey` keeps its identity for the life of the list and reads the items of the current
 *   render, so a new items array does not make the virtualizer rebuild every row's position; its
 *   keys are integers, one per `itemKey`, which the rebuild on a count change looks up fastest.
 *
 * While rendering on a server (no DOM) there is nothing to write to: use `serverStyles` there.
 */
class ChatVirtualizerBinding<T> {
  private items: readonly T[] = [];
  private itemKey: (item: T) => Key = () => 0;
  // Every item's key, by index, as a small integer: the virtualizer reads every key whenever the
  // count changes (it rebuilds every row's position, looking each key up in its size cache), and an
  // integer lookup there costs a fraction of a 36-character string's (~0.25 vs ~0.85 ms at 10,000).
  private keys: number[] = [];
  // Item key → its integer, for rows that moved or went (sizes are cached under the integer).
  private readonly ids = new Map<Key, number>();
  private nextId = 0;
  // Inside a call made from React's commit (a ref, a layout effect): no `flushSync` (see `onChange`).
  private inCommit = 0;
  private measuring = false;
  private sizer: HTMLElement | null = null;
  private sizerHeight = -1;
  private positions = new WeakMap<Element, number>();
  // What the last render showed: the rows in view and the rows in the DOM (contiguous indexes).
  private shown = { start: -1, end: -1, first: -1, length: -1 };
  readonly virtualizer: ChatVirtualizer;

  constructor(
    private rerender: () => void,
    options: VirtualizerOptions<HTMLDivElement, HTMLDivElement>,
  ) {
    const virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>(this.resolve(options));
    const measure = virtualizer.measureElement;
    virtualizer.measureElement = (node) => {
      // Rows are measured from their ref callbacks, one after the other in the same commit. Writing
      // positions and the height between two of them would make every next read lay the page out
      // again; the layout effect after the refs writes them once (`applyStyles`).
      this.measuring = true;
      try {
        this.committing(() => measure(node));
      } finally {
        this.measuring = false;
      }
    };
    // The list follows the end from a layout effect.
    const scrollToEnd = virtualizer.scrollToEnd;
    virtualizer.scrollToEnd = (options) => this.committing(() => scrollToEnd(options));
    this.virtualizer = Object.assign(virtualizer, {
      measureSizer: (node: HTMLElement | null) => {
        this.sizer = node;
        this.sizerHeight = -1;
        if (node) this.applyStyles();
      },
    });
  }

  private attached = false;

  /** After each commit: attaches the scroll element on the first, syncs the scroll position. */
  willUpdate() {
    const v = this.virtualizer;
    // Until the scroll element is there, `initialOffset` was read without its size. Read it again as
    // the element is first attached, so the first write already puts the list where it should start.
    if (!this.attached && v.options.getScrollElement() !== null) {
      this.attached = true;
      v.scrollOffset = null;
    }
    this.committing(v._willUpdate);
  }

  committing<R>(call: () => R): R {
    this.inCommit += 1;
    try {
      return call();
    } finally {
      this.inCommit -= 1;
    }
  }

  /** Stable across renders: the key of the item at `index` in the latest render. */
  getItemKey = (index: number): Key => this.keys[index]!;

  /**
   * Takes in this render's items; returns the lowest index whose key is not the one it had (the
   * new length when only rows were added at the end).
   */
  private setItems(items: readonly T[], itemKey: (item: T) => Key): number {
    const previous = this.items;
    // Another key function (an inline one, say) may key the same item differently: no shortcut then.
    const sameKeys = itemKey === this.itemKey;
    // A render for another reason (a scroll, a state of the list's own) hands the same array.
    if (sameKeys && items === previous) return items.length;
    const keys = this.keys;
    const previousLength = previous.length;
    // An unchanged item keeps its identity (the store hands them so), and with it its place and key:
    // only the items from the first one that differs need their keys.
    let start = 0;
    const common = Math.min(previousLength, items.length);
    if (sameKeys) while (start < common && items[start] === previous[start]) start += 1;
    // The rows from there on may move or go (a page prepended, an acknowledged message replacing its
    // optimistic copy, another chat shown): their integers are remembered by key, so a row that comes
    // back keeps its integer and the size cached under it. Rows that never moved are not in the map,
    // so filling the list (10,000 keys on a fresh page) and appending write nothing to it.
    const ids = this.ids;
    for (let i = start; i < previousLength; i++) ids.set(itemKey(previous[i]!), keys[i]!);
    let firstChanged = common;
    // Shortened, then grown by `push`: an array grown by setting its length has holes, which V8 reads slower.
    if (keys.length > items.length) keys.length = items.length;
    // With no row remembered (a fresh list, an append) every new item gets a new integer, and its
    // key need not be computed at all: 10,000 `itemKey` calls fewer on a first render.
    const remembered = ids.size > 0;
    for (let i = start; i < items.length; i++) {
      const key = (remembered ? ids.get(itemKey(items[i]!)) : undefined) ?? ++this.nextId;
      if (i < previousLength && keys[i] !== key && i < firstChanged) firstChanged = i;
      if (i < keys.length) keys[i] = key;
      else keys.push(key);
    }
    this.items = items;
    this.itemKey = itemKey;
    // Forget the keys of items long gone (other chats shown in the same list); the current rows keep
    // their integers in `keys`, and are remembered again if they move.
    if (ids.size > 2 * items.length + 1000) ids.clear();
    return firstChanged;
  }

  resolve(options: VirtualizerOptions<HTMLDivElement, HTMLDivElement>): VirtualizerOptions<HTMLDivElement, HTMLDivElement> {
    return { ...options, getItemKey: this.getItemKey, onChange: this.onChange };
  }

  private restoreOptions: VirtualizerOptions<HTMLDivElement, HTMLDivElement> | null = null;

  /** Called while rendering: hands the virtualizer this render's items and options. */
  update(items: readonly T[], itemKey: (item: T) => Key, options: VirtualizerOptions<HTMLDivElement, HTMLDivElement>) {
    const previous = this.items;
    const firstChanged = this.setItems(items, itemKey);
    const resolved = this.resolve(options);
    // On an append (same first row, more rows) the end anchor has nothing to keep in place, but its
    // work in `setOptions` scans every row for the anchor and rebuilds every row's position. So an
    // append is handed over anchored at the start, and the end anchor comes back once the new rows
    // are committed and measured (`restoreAnchor`), for rows that grow later.
    const appended =
      options.anchorTo === 'end' &&
      previous.length > 0 &&
      items.length > previous.length &&
      itemKey(items[0]!) === itemKey(previous[0]!);
    this.restoreOptions = appended ? resolved : null;
    this.virtualizer.setOptions(appended ? { ...resolved, anchorTo: 'start' } : resolved);
    if (appended) this.keepPositionsBefore(firstChanged);
    this.rendered();
  }

  /**
   * The virtualizer rebuilds every row's position from index 0 whenever the count changes (its
   * `getMeasurementOptions` clears `pendingMin`), though an append leaves every earlier row's key and
   * size as they were: at 10,000 rows that rebuild was the one part of an append growing with the
   * chat. Here the count is taken in first, then the rebuild is told to start at the first row whose
   * key changed (or an earlier row resized since), as the virtualizer itself does after a resize.
   * Only for a single lane with positions already built: the path the virtualizer continues from.
   */
  private keepPositionsBefore(index: number) {
    const internals = this.virtualizer as unknown as VirtualizerInternals;
    if (internals.options.lanes !== 1 || internals._singleLaneMeasurements == null || typeof internals.getMeasurementOptions !== 'function') return;
    const pending = internals.pendingMin;
    internals.getMeasurementOptions();
    const from = pending === null ? index : Math.min(pending, index);
    if (from > 0) internals.pendingMin = from;
  }

  /** After the commit of an append: the end anchor again (a no-op for the virtualizer's layout). */
  restoreAnchor() {
    if (!this.restoreOptions) return;
    this.virtualizer.setOptions(this.restoreOptions);
    this.restoreOptions = null;
  }

  /** What this render shows, for `onChange` to compare with. */
  private rendered() {
    const v = this.virtualizer;
    const indexes = v.getVirtualIndexes();
    this.shown = { start: v.range?.startIndex ?? -1, end: v.range?.endIndex ?? -1, first: indexes[0] ?? -1, length: indexes.length };
  }

  private place(el: Element, start: number) {
    if (this.positions.get(el) === start) return;
    this.positions.set(el, start);
    (el as HTMLElement).style.transform = `translateY(${start}px)`;
  }

  /** Writes the total height and every rendered row's position; idempotent. */
  applyStyles = () => {
    const v = this.virtualizer;
    const total = v.getTotalSize();
    if (this.sizer && total !== this.sizerHeight) {
      this.sizerHeight = total;
      this.sizer.style.height = `${total}px`;
    }
    for (const item of v.getVirtualItems()) {
      const el = v.elementsCache.get(item.key);
      if (el) this.place(el, item.start);
    }
  };

  private onChange = (v: Virtualizer<HTMLDivElement, HTMLDivElement>, sync: boolean) => {
    if (!this.measuring) this.applyStyles();
    const indexes = v.getVirtualIndexes();
    const { shown } = this;
    if (
      (v.range?.startIndex ?? -1) === shown.start &&
      (v.range?.endIndex ?? -1) === shown.end &&
      (indexes[0] ?? -1) === shown.first &&
      indexes.length === shown.length
    ) {
      return;
    }
    // A synchronous notify (a scroll event, a scroll adjustment) renders the new rows in the same
    // frame. Inside React's commit (a ref callback, a layout effect) `flushSync` is refused, and an
    // update scheduled there is synchronous anyway.
    if (sync && this.inCommit === 0) flushSync(this.rerender);
    else this.rerender();
  };
}

/** Inline styles for rows and the sizer where the binding cannot write them: on a server. */
export const serverStyles = typeof document === 'undefined';

export function useChatVirtualizer<T>({ items, itemKey, ...options }: ChatVirtualizerOptions<T>): ChatVirtualizer {
  const rerender = useReducer((n: number) => n + 1, 0)[1];
  const resolved = {
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    ...options,
    count: items.length,
  } as VirtualizerOptions<HTMLDivElement, HTMLDivElement>;
  const [binding] = useState(() => new ChatVirtualizerBinding<T>(rerender, resolved));
  binding.update(items, itemKey, resolved);

  useLayoutEffect(() => binding.virtualizer._didMount(), [binding]);
  useLayoutEffect(() => {
    // The sizer grows before the virtualizer syncs the scroll position, or the browser would clamp
    // a write past the old end (an end-anchored prepend).
    binding.restoreAnchor();
    binding.applyStyles();
    binding.willUpdate();
    binding.applyStyles();
  });
  return binding.virtualizer;
}
