import { useLayoutEffect, useReducer, useState } from 'react';
import { flushSync } from 'react-dom';
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/react-virtual';
import type { VirtualizerOptions } from '@tanstack/react-virtual';

import type { ChatRowsOptions, RowKey as Key } from './chatRows';

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
  // Item key → its integer, stable for the life of the list (sizes are cached under it).
  private ids = new Map<Key, number>();
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

  private idFor(key: Key): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = ++this.nextId;
      this.ids.set(key, id);
    }
    return id;
  }

  private setItems(items: readonly T[], itemKey: (item: T) => Key) {
    const previous = itemKey === this.itemKey ? this.items : [];
    const keys = this.keys;
    keys.length = items.length;
    // An unchanged item keeps its identity (the store hands them so), and with it its key: an append
    // looks up one key, then compares references.
    for (let i = 0; i < items.length; i++) if (items[i] !== previous[i]) keys[i] = this.idFor(itemKey(items[i]!));
    this.items = items;
    this.itemKey = itemKey;
    // Forget the keys of items long gone (another chat shown in the same list), keeping the integers
    // of the current ones: their measured sizes are cached under them.
    if (this.ids.size > 2 * items.length + 1000) {
      const current = new Map<Key, number>();
      for (const item of items) {
        const key = itemKey(item);
        current.set(key, this.ids.get(key)!);
      }
      this.ids = current;
    }
  }

  resolve(options: VirtualizerOptions<HTMLDivElement, HTMLDivElement>): VirtualizerOptions<HTMLDivElement, HTMLDivElement> {
    return { ...options, getItemKey: this.getItemKey, onChange: this.onChange };
  }

  private restoreOptions: VirtualizerOptions<HTMLDivElement, HTMLDivElement> | null = null;

  /** Called while rendering: hands the virtualizer this render's items and options. */
  update(items: readonly T[], itemKey: (item: T) => Key, options: VirtualizerOptions<HTMLDivElement, HTMLDivElement>) {
    const previous = this.items;
    this.setItems(items, itemKey);
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
    this.rendered();
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
