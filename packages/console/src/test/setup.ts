import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

/*
 * jsdom has no layout. The chat window's virtualized message list needs a viewport, row heights and a
 * scroll offset that behaves like a browser's (clamped to the content, announced by a scroll event) to
 * render rows and to report the ones in view, which is when the desk sends read receipts.
 */
const viewport = 480;
const row = 56;
const offsets = new WeakMap<Element, number>();
const isScroller = (element: Element) => element.hasAttribute('data-parley-scroller');
const contentHeight = (element: Element) => {
  const spacer = element.firstElementChild as HTMLElement | null;
  return Math.max(Number.parseFloat(spacer?.style.height ?? '0') || 0, viewport);
};
const define = (property: string, descriptor: PropertyDescriptor) =>
  Object.defineProperty(HTMLElement.prototype, property, { configurable: true, ...descriptor });

define('clientHeight', { get: function (this: HTMLElement) { return isScroller(this) ? viewport : 0; } });
define('clientWidth', { get: function (this: HTMLElement) { return isScroller(this) ? 400 : 0; } });
define('offsetHeight', { get: function (this: HTMLElement) { return this.classList.contains('parley-message-row') ? row : 0; } });
define('scrollHeight', { get: function (this: HTMLElement) { return isScroller(this) ? contentHeight(this) : 0; } });
define('scrollTop', {
  get: function (this: HTMLElement) {
    return offsets.get(this) ?? 0;
  },
  set: function (this: HTMLElement, value: number) {
    const max = isScroller(this) ? contentHeight(this) - viewport : 0;
    offsets.set(this, Math.max(0, Math.min(value, max)));
  },
});
define('scrollTo', {
  writable: true,
  value: function (this: HTMLElement, options?: ScrollToOptions | number, y?: number) {
    this.scrollTop = typeof options === 'number' ? (y ?? 0) : (options?.top ?? this.scrollTop);
    this.dispatchEvent(new Event('scroll'));
  },
});

// React Testing Library cleans up through a global `afterEach`; vitest globals are off.
afterEach(() => {
  cleanup();
});
