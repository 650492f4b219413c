import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler, memo } from 'react';
import { MessageList } from './MessageList';
import type { MessageListProps } from './MessageList';
import { MessageBubble } from '../MessageBubble/MessageBubble';
import type { MessageBubbleProps } from '../MessageBubble/MessageBubble';
import { makeMessage, makeMessages, makeNote, makePending } from '../../test/fixtures';
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

/** The list under a <Profiler>: `commits()` counts the React commits that rendered it. */
function profiled(props: MessageListProps) {
  let commits = 0;
  const tree = (p: MessageListProps) => (
    <Profiler id="list" onRender={() => (commits += 1)}>
      <MessageList {...p} />
    </Profiler>
  );
  const utils = render(tree(props));
  const log = screen.getByRole('log', { name: 'Messages' });
  return {
    log,
    commits: () => commits,
    reset: () => (commits = 0),
    rerender: (p: MessageListProps) => act(() => utils.rerender(tree(p))),
  };
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
    const failed = makePending('not delivered', 'failed');
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

  it('appends in at most two commits: no commit for measuring the new row', () => {
    const messages = makeMessages(10_000);
    const props = { me: 'me', users, estimateRowHeight: 50, messages };
    const list = profiled(props);
    list.reset();
    const next = [...messages, makeMessage(10_001, 'agent')];
    list.rerender({ ...props, messages: next });
    // The append, then the rows in view moving with the scroll to the end; no commit for measuring
    // the new row (its size and the rows' positions are written directly) or for `isScrolling`.
    expect(list.commits()).toBeLessThanOrEqual(2);
    expect(list.log.scrollTop).toBe(10_001 * 50 - 600);
    expect(screen.getByText('Message number 10001')).toBeTruthy();
  });

  it('does not re-render while scrolling within the rows in view (no commit for isScrolling)', async () => {
    const messages = makeMessages(100);
    const list = profiled({ me: 'me', users, estimateRowHeight: 50, messages });
    // The virtualizer's isScrolling turns off 150 ms after the last scroll event.
    const scrollEnds = () => act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    act(() => scrollTo(list.log, 1010));
    await scrollEnds();
    list.reset();
    // 1010 → 1030: the same rows are in view (the 21st to the 33rd); only isScrolling changes, twice.
    act(() => scrollTo(list.log, 1020));
    act(() => scrollTo(list.log, 1030));
    await scrollEnds();
    expect(list.commits()).toBe(0);
    // A scroll that brings another row into view renders it.
    act(() => scrollTo(list.log, 1060));
    expect(list.commits()).toBe(1);
  });

  it('positions rows and sizes the scroll area without React styles', () => {
    const { log, rows } = renderList({ messages: makeMessages(100) });
    const spacer = log.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe('5000px');
    const last = [...rows()].find((row) => row.getAttribute('data-index') === '99') as HTMLElement;
    expect(last.style.transform).toBe('translateY(4950px)');
  });

  it('asks for older messages from the scroll event that reaches the top, before any render', () => {
    const commitsAtCall: number[] = [];
    const messages = makeMessages(100);
    const list = profiled({ me: 'me', users, estimateRowHeight: 50, messages, hasMore: true, onLoadOlder: () => commitsAtCall.push(list.commits()) });
    act(() => scrollTo(list.log, 300));
    expect(commitsAtCall).toEqual([]);
    list.reset();
    // The list renders only when the rows in view change, so the scroll event itself asks: a first
    // row taller than the threshold would otherwise reach the top without a render.
    act(() => scrollTo(list.log, 150));
    act(() => scrollTo(list.log, 0));
    expect(commitsAtCall).toEqual([0]);
  });

  it('mounts at the end of 10,000 messages in two commits when rows measure larger than estimated', () => {
    // Rows measure 50 px. The shell (the scroller's size is unknown until it is in the DOM), then
    // the rows in view, starting at the estimated end; measuring them corrects positions and the
    // scroll offset directly, without another commit.
    const list = profiled({ me: 'me', users, estimateRowHeight: 40, messages: makeMessages(10_000) });
    expect(list.commits()).toBeLessThanOrEqual(2);
    expect(screen.getByText('Message number 10000')).toBeTruthy();
  });

  describe('with internal notes (an agent’s view)', () => {
    /** Each row as the reader meets it: a note by its name, a message by its text. */
    const order = (log: HTMLElement) =>
      [...log.querySelectorAll('.parley-message-row')].map((row) => {
        const note = row.querySelector('[role="note"]');
        return note ? `note ${note.getAttribute('aria-label')}: ${note.querySelector('.parley-note-text')?.textContent}` : row.querySelector('.parley-message-text')?.textContent;
      });

    it('shows each note between the message it was written after and the next one, as a note', () => {
      const { log } = renderList({
        messages: makeMessages(4),
        notes: [makeNote('a', 2, 'ada', 'VIP customer'), makeNote('b', 2, 'me', 'Refund approved')],
        users: { ...users, ada: { name: 'Ada' } },
      });
      expect(order(log)).toEqual([
        'Message number 1',
        'Message number 2',
        'note Internal note by Ada: VIP customer',
        'note Internal note by You: Refund approved',
        'Message number 3',
        'Message number 4',
      ]);
      // Inside the log, the notes are notes: no message bubble, no sender line claiming the visitor said it.
      expect(within(log).getAllByRole('note')).toHaveLength(2);
      expect(log.querySelectorAll('.parley-message')).toHaveLength(4);
    });

    it('names the writer of the message after a note again, even in the same minute', () => {
      const messages = [makeMessage(1, 'agent', 'First'), { ...makeMessage(2, 'agent', 'Second'), createdAt: makeMessage(1, 'agent').createdAt }];
      const { log, rerender } = renderList({ messages });
      expect(log.querySelectorAll('[data-group-start]')).toHaveLength(1);
      rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={messages} notes={[makeNote('n', 1, 'agent')]} />);
      expect(log.querySelectorAll('[data-group-start]')).toHaveLength(2);
    });

    it('reports messages for read receipts, never notes', () => {
      const onVisible = vi.fn();
      renderList({ messages: makeMessages(3), notes: [makeNote('n', 1, 'agent')], onVisible });
      expect(onVisible.mock.calls.map(([row]) => row.id)).toEqual(['m2', 'm3']);
    });

    it('a note arriving at the end while pinned to the bottom stays in view', () => {
      const messages = makeMessages(30);
      const { log, rerender } = renderList({ messages });
      rerender(<MessageList me="me" users={users} estimateRowHeight={50} messages={messages} notes={[makeNote('n', 30, 'ada', 'Latest note')]} />);
      expect(screen.getByText('Latest note')).toBeTruthy();
      expect(log.scrollTop).toBe(31 * 50 - 600);
    });
  });
});
