import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MessageList } from './MessageList';
import type { MessageListProps } from './MessageList';
import { makeMessage, makeMessages } from '../../test/fixtures';
import { scrollTo } from '../../test/layout';

// The list as the widget builds it: `useFlowRows` in place of the virtualizer (scripts/build/flowMessageList.ts).
vi.mock('./useChatVirtualizer', () => import('./useFlowRows'));

const viewport = 600;
const row = 50;

/** jsdom has no layout: rows in the flow, `row` px each, in a scroller `viewport` px tall. */
function mockFlowLayout() {
  const saved: Array<[string, PropertyDescriptor | undefined]> = [];
  const offsets = new WeakMap<Element, number>();
  const isScroller = (el: Element) => el.hasAttribute('data-parley-scroller');
  const contentHeight = (el: Element) => Math.max((el.firstElementChild?.children.length ?? 0) * row, viewport);
  const define = (prop: string, descriptor: PropertyDescriptor) => {
    saved.push([prop, Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop) ?? Object.getOwnPropertyDescriptor(Element.prototype, prop)]);
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, ...descriptor });
  };
  beforeEach(() => {
    define('clientHeight', { get: function (this: HTMLElement) { return isScroller(this) ? viewport : 0; } });
    define('clientWidth', { get: function (this: HTMLElement) { return isScroller(this) ? 400 : 0; } });
    define('offsetHeight', {
      get: function (this: HTMLElement) {
        if (this.classList.contains('parley-message-row')) return row;
        return this.classList.contains('parley-message-spacer') ? this.children.length * row : 0;
      },
    });
    define('offsetTop', {
      get: function (this: HTMLElement) {
        return this.classList.contains('parley-message-row') ? Array.prototype.indexOf.call(this.parentElement?.children ?? [], this) * row : 0;
      },
    });
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
      value: function (this: HTMLElement, options?: ScrollToOptions) {
        this.scrollTop = options?.top ?? this.scrollTop;
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

mockFlowLayout();

const users = { agent: { name: 'Anna' } };

function renderList(props: Partial<MessageListProps> & Pick<MessageListProps, 'messages'>) {
  const utils = render(<MessageList me="me" users={users} {...props} />);
  const log = screen.getByRole('log', { name: 'Messages' });
  const rerender = (next: Partial<MessageListProps> & Pick<MessageListProps, 'messages'>) =>
    act(() => utils.rerender(<MessageList me="me" users={users} {...next} />));
  return { log, rerender, rows: () => log.querySelectorAll('.parley-message-row') };
}

describe('MessageList without a virtualizer (the widget)', () => {
  it('renders every row in the flow, starting at the newest', () => {
    const { log, rows } = renderList({ messages: makeMessages(150) });
    expect(rows()).toHaveLength(150);
    expect((rows()[0] as HTMLElement).style.position).toBe('relative');
    expect(screen.getByText('Message number 1')).toBeTruthy();
    expect(log.scrollTop).toBe(150 * row - viewport);
  });

  it('stays pinned to the bottom when a message arrives', () => {
    const messages = makeMessages(100);
    const { log, rerender } = renderList({ messages });
    rerender({ messages: [...messages, makeMessage(101, 'agent')] });
    expect(log.scrollTop).toBe(101 * row - viewport);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('keeps the position and offers a jump button when scrolled up and new messages arrive', async () => {
    const messages = makeMessages(100);
    const { log, rerender } = renderList({ messages });
    act(() => scrollTo(log, 1000));
    rerender({ messages: [...messages, makeMessage(101, 'agent'), makeMessage(102, 'agent')] });
    expect(log.scrollTop).toBe(1000);
    await userEvent.setup().click(screen.getByRole('button', { name: '2 new messages' }));
    expect(log.scrollTop).toBe(102 * row - viewport);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('keeps the rows in view in place when older messages are prepended', () => {
    const messages = makeMessages(100, { fromSeq: 101 });
    const { log, rerender } = renderList({ messages, hasMore: true });
    act(() => scrollTo(log, 1000));
    rerender({ messages: [...makeMessages(50, { fromSeq: 51 }), ...messages], hasMore: true });
    expect(log.scrollTop).toBe(1000 + 50 * row);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('reports the messages of others in view once each, and more as they scroll into view', () => {
    const onVisible = vi.fn();
    const messages = makeMessages(100);
    const { log } = renderList({ messages, onVisible });
    const seen = () => onVisible.mock.calls.map(([m]) => (m as { seq: number }).seq);
    // The viewport holds the last 12 rows (600 / 50); own messages are not reported.
    expect(Math.min(...seen())).toBeGreaterThanOrEqual(89);
    expect(seen()).toContain(99);
    expect(seen().every((seq) => messages[seq - 1]!.sender !== 'me')).toBe(true);
    act(() => scrollTo(log, 0));
    expect(seen()).toContain(2);
    expect(new Set(seen()).size).toBe(seen().length);
  });

  it('asks for older messages at the top, once per page', () => {
    const onLoadOlder = vi.fn();
    const { log } = renderList({ messages: makeMessages(100), hasMore: true, onLoadOlder });
    expect(onLoadOlder).not.toHaveBeenCalled();
    act(() => scrollTo(log, 0));
    act(() => scrollTo(log, 10));
    expect(onLoadOlder).toHaveBeenCalledOnce();
  });

  it('does not take a first page that arrives in an empty list for the top (no request for older ones)', () => {
    const onLoadOlder = vi.fn();
    const { rerender } = renderList({ messages: [], onLoadOlder });
    rerender({ messages: makeMessages(50), hasMore: true, onLoadOlder });
    expect(onLoadOlder).not.toHaveBeenCalled();
  });
});
