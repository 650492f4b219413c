import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { memo } from 'react';
import { MessageList } from './MessageList';
import type { MessageListProps } from './MessageList';
import { MessageBubble } from '../MessageBubble/MessageBubble';
import type { MessageBubbleProps } from '../MessageBubble/MessageBubble';
import { makeMessage, makeMessages } from '../../test/fixtures';
import { mockLayout, scrollTo } from '../../test/layout';

mockLayout({ viewport: 600, row: 50 });

const users = { agent: { name: 'Anna' } };

function renderList(props: Partial<MessageListProps> & Pick<MessageListProps, 'messages'>) {
  const utils = render(<MessageList me="me" users={users} estimateRowHeight={50} {...props} />);
  const log = screen.getByRole('log', { name: 'Messages' });
  return { ...utils, log, rows: () => log.querySelectorAll('.parley-message-row') };
}

/** A memoized row that records which messages it rendered, standing in for the default row. */
function countingRow() {
  const renders: string[] = [];
  const Row = memo(function CountingRow(props: MessageBubbleProps) {
    renders.push(props.message.id);
    return <MessageBubble {...props} />;
  });
  return { renders, Row };
}

describe('MessageList', () => {
  it('is a polite, labelled, focusable log', () => {
    const { log } = renderList({ messages: makeMessages(3) });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.tabIndex).toBe(0);
  });

  it('shows an empty state', () => {
    renderList({ messages: [] });
    expect(screen.getByText('No messages yet. Say hello!')).toBeTruthy();
  });

  it('renders only a window of rows for 10,000 messages, starting at the newest', () => {
    const messages = makeMessages(10_000);
    const { rows } = renderList({ messages });
    const rendered = rows();
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(screen.getByText('Message number 10000')).toBeTruthy();
    expect(screen.queryByText('Message number 1')).toBeNull();
  });

  it('renders only the new row when one message is appended to 10,000', () => {
    const { renders, Row } = countingRow();
    const messages = makeMessages(10_000);
    const { rerender } = render(
      <MessageList me="me" users={users} estimateRowHeight={50} messages={messages} messageComponent={Row} onRetry={() => {}} />,
    );
    expect(renders.length).toBeGreaterThan(0);
    renders.length = 0;
    const next = [...messages, makeMessage(10_001, 'agent')];
    // A new callback each render, as a parent with inline handlers would pass.
    rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={next} messageComponent={Row} onRetry={() => {}} />);
    expect(renders).toEqual(['m10001']);
  });

  it('re-renders only the rows whose read state changed', () => {
    const { renders, Row } = countingRow();
    const messages = makeMessages(30).map((m) => ({ ...m, sender: 'me' }));
    const { rerender } = render(<MessageList me="me" estimateRowHeight={50} messages={messages} messageComponent={Row} readSeqByUser={{ agent: 28 }} />);
    renders.length = 0;
    rerender(<MessageList me="me" estimateRowHeight={50} messages={messages} messageComponent={Row} readSeqByUser={{ agent: 30, me: 30 }} />);
    expect(renders.sort()).toEqual(['m29', 'm30']);
  });

  it('shows read ticks up to the highest seq another user read', () => {
    const messages = makeMessages(4).map((m) => ({ ...m, sender: 'me' }));
    renderList({ messages, readSeqByUser: { agent: 2, me: 4 } });
    expect(screen.getAllByRole('img', { name: 'Read' })).toHaveLength(2);
    expect(screen.getAllByRole('img', { name: 'Sent' })).toHaveLength(2);
  });

  it('retries a failed message', async () => {
    const onRetry = vi.fn();
    const failed = { ...makeMessage(2, 'me'), status: 'failed' as const };
    renderList({ messages: [makeMessage(1, 'agent'), failed], onRetry });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith(failed);
  });

  it("reports each visible message from someone else once, for read receipts", () => {
    const onVisible = vi.fn();
    const messages = makeMessages(100);
    const { rerender } = renderList({ messages, onVisible });
    const seen = onVisible.mock.calls.map(([m]) => m.seq as number);
    // The viewport holds the last 12 rows (600 / 50); own messages are not reported.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(88);
    expect(seen).toContain(99);
    expect(seen.every((seq) => messages[seq - 1]!.sender !== 'me')).toBe(true);
    onVisible.mockClear();
    rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={messages} onVisible={onVisible} />);
    expect(onVisible).not.toHaveBeenCalled();
  });

  it('stays pinned to the bottom when a message arrives', () => {
    const messages = makeMessages(100);
    const { rerender, log } = renderList({ messages });
    expect(log.scrollTop).toBe(100 * 50 - 600);
    act(() => rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={[...messages, makeMessage(101, 'agent')]} />));
    expect(log.scrollTop).toBe(101 * 50 - 600);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('keeps the position and offers a jump button when scrolled up and new messages arrive', async () => {
    const messages = makeMessages(100);
    const { rerender, log } = renderList({ messages });
    act(() => scrollTo(log, 1000));
    const next = [...messages, makeMessage(101, 'agent'), makeMessage(102, 'agent')];
    act(() => rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={next} />));
    expect(log.scrollTop).toBe(1000);
    const jump = screen.getByRole('button', { name: '2 new messages' });
    await userEvent.setup().click(jump);
    expect(log.scrollTop).toBe(102 * 50 - 600);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it("jumps to the viewer's own new message even when scrolled up", () => {
    const messages = makeMessages(100);
    const { rerender, log } = renderList({ messages });
    act(() => scrollTo(log, 1000));
    act(() => rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={[...messages, makeMessage(101, 'me')]} />));
    expect(log.scrollTop).toBe(101 * 50 - 600);
  });

  it('keeps the rows in view in place when older messages are prepended', () => {
    const messages = makeMessages(100, { fromSeq: 101 });
    const { rerender, log } = renderList({ messages, hasMore: true });
    act(() => scrollTo(log, 1000));
    const older = makeMessages(50, { fromSeq: 51 });
    act(() => rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={[...older, ...messages]} hasMore />));
    expect(log.scrollTop).toBe(1000 + 50 * 50);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('asks for older messages at the top, once per page', () => {
    const onLoadOlder = vi.fn();
    const messages = makeMessages(100);
    const { log, rerender } = renderList({ messages, hasMore: true, onLoadOlder });
    expect(onLoadOlder).not.toHaveBeenCalled();
    act(() => scrollTo(log, 0));
    expect(onLoadOlder).toHaveBeenCalledOnce();
    act(() => scrollTo(log, 10));
    rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={messages} hasMore loadingOlder onLoadOlder={onLoadOlder} />);
    expect(onLoadOlder).toHaveBeenCalledOnce();
    expect(screen.getByRole('button', { name: 'Loading earlier messages…' })).toBeTruthy();
  });

  it('has a keyboard-reachable load button', async () => {
    const onLoadOlder = vi.fn();
    renderList({ messages: makeMessages(100), hasMore: true, onLoadOlder });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(onLoadOlder).toHaveBeenCalled();
  });
});
