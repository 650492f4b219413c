import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { setProjectAnnotations } from '@storybook/react';
import * as preview from '../.storybook/preview';

// Stories run here with the same global annotations as in Storybook.
setProjectAnnotations([preview]);

// jsdom has no layout: give chat lists a viewport and rows a height, so virtualized stories render rows.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return this.hasAttribute('data-parley-scroller') ? 480 : 0;
  },
});
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains('parley-message-row') ? 56 : 0;
  },
});
HTMLElement.prototype.scrollTo = function scrollTo(this: HTMLElement, options?: ScrollToOptions | number, y?: number) {
  this.scrollTop = typeof options === 'number' ? (y ?? 0) : (options?.top ?? this.scrollTop);
};

afterEach(() => {
  cleanup();
});
