// Also `@parley/ui/testing`: apps built on the kit (the console) test their chat windows in jsdom too.
import { afterEach, beforeEach } from 'vitest';

/**
 * jsdom has no layout: every size is 0 and scrolling does nothing, so a virtualizer would render no
 * rows. This gives the scroller a viewport, every row a fixed height, and a working `scrollTop` /
 * `scrollTo`, which is all the virtualizer reads and writes.
 */
export function mockLayout({ viewport = 600, row = 50 } = {}) {
  const saved: Array<[string, PropertyDescriptor | undefined]> = [];
  const offsets = new WeakMap<Element, number>();
  const isScroller = (el: Element) => el.hasAttribute('data-parley-scroller');
  const contentHeight = (el: Element) => {
    const spacer = el.firstElementChild as HTMLElement | null;
    return Math.max(parseFloat(spacer?.style.height ?? '0') || 0, viewport);
  };
  const define = (prop: string, descriptor: PropertyDescriptor) => {
    saved.push([prop, Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop) ?? Object.getOwnPropertyDescriptor(Element.prototype, prop)]);
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, ...descriptor });
  };
  beforeEach(() => {
    define('clientHeight', { get: function (this: HTMLElement) { return isScroller(this) ? viewport : 0; } });
    define('clientWidth', { get: function (this: HTMLElement) { return isScroller(this) ? 400 : 0; } });
    define('offsetHeight', { get: function (this: HTMLElement) { return this.classList.contains('parley-message-row') ? row : 0; } });
    define('scrollHeight', { get: function (this: HTMLElement) { return isScroller(this) ? contentHeight(this) : 0; } });
    define('scrollTop', {
      get: function (this: HTMLElement) { return offsets.get(this) ?? 0; },
      set: function (this: HTMLElement, value: number) {
        const max = isScroller(this) ? contentHeight(this) - viewport : 0;
        offsets.set(this, Math.max(0, Math.min(value, max)));
      },
    });
    define('scrollTo', {
      writable: true,
      value: function (this: HTMLElement, options?: ScrollToOptions | number, y?: number) {
        const top = typeof options === 'number' ? (y ?? 0) : (options?.top ?? this.scrollTop);
        this.scrollTop = top;
        this.dispatchEvent(new Event('scroll'));
      },
    });
  });
  afterEach(() => {
    for (const [prop, descriptor] of saved.splice(0).reverse()) {
      if (descriptor) Object.defineProperty(HTMLElement.prototype, prop, descriptor);
      else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop];
    }
  });
}

/** Scrolls like a user: moves the offset and fires the event the list listens to. */
export function scrollTo(el: HTMLElement, top: number) {
  el.scrollTop = top;
  el.dispatchEvent(new Event('scroll'));
}
