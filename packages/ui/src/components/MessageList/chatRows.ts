import type { Rect, VirtualItem, VirtualizerOptions } from '@tanstack/react-virtual';

/**
 * What the message list needs of its rows' layout: `useChatVirtualizer` (TanStack's virtualizer, rows
 * in view only) or `useFlowRows` (every row, no virtualizer: the widget's build). Types only, so
 * neither implementation's code comes along with them.
 */
export type RowKey = VirtualItem['key'];

export type ChatRowsOptions<T> = Omit<
  VirtualizerOptions<HTMLDivElement, HTMLDivElement>,
  'count' | 'getItemKey' | 'observeElementRect' | 'observeElementOffset' | 'scrollToFn' | 'onChange'
> & {
  items: readonly T[];
  itemKey: (item: T) => RowKey;
};

export type RowItem = Pick<VirtualItem, 'key' | 'index' | 'start' | 'end'>;

export interface ChatRows {
  /** The rows to render, oldest first, with their positions in the list. */
  getVirtualItems(): RowItem[];
  /** The scroller's offset and size as of the last measure (null before the first). */
  scrollOffset: number | null;
  scrollRect: Rect | null;
  getTotalSize(): number;
  isAtEnd(): boolean;
  scrollToEnd(options?: { behavior?: ScrollBehavior }): void;
  /** Ref for each row (which carries `data-index`). */
  measureElement: (node: HTMLDivElement | null) => void;
  /** Ref for the element that holds the rows. */
  measureSizer: (node: HTMLElement | null) => void;
}
