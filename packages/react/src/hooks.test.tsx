import { act, cleanup, render, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { storeFor } from './context';
import {
  ParleyProviderMissingError,
  useAgentDesk,
  useChat,
  useConnection,
  useMessages,
  useQueue,
  useReadReceipts,
  useTyping,
  useUnreadCount,
} from './index';
import { createHookBench } from './testBench';

afterEach(cleanup);

describe('outside <ParleyProvider>', () => {
  it.each<[string, () => unknown]>([
    ['useConnection', () => useConnection()],
    ['useChat', () => useChat('c')],
    ['useMessages', () => useMessages('c')],
    ['useAgentDesk', () => useAgentDesk()],
  ])('%s throws a named error', (hook, use) => {
    // React 18 replays a render error as a window `error` event, which jsdom and React then log;
    // handling it keeps the output quiet. The throw is what is tested.
    const handled = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', handled);
    expect(() => renderHook(use)).toThrow(ParleyProviderMissingError);
    expect(() => renderHook(use)).toThrow(`${hook} must be used inside <ParleyProvider`);
    window.removeEventListener('error', handled);
  });
});

describe('hooks over a live engine', () => {
  it('a visitor and an agent talk: queue, invitation, messages, typing, read receipts, unread count', async () => {
    const bench = await createHookBench();
    const visitorSide = bench.as(bench.visitor);
    const agentSide = bench.as(bench.agent);

    const connection = renderHook(() => useConnection(), { wrapper: visitorSide });
    await waitFor(() => expect(connection.result.current.status).toBe('connected'));

    const desk = renderHook(() => useAgentDesk(), { wrapper: agentSide });
    await waitFor(() => expect(desk.result.current.status).toBe('online'));
    await act(() => desk.result.current.setStatus('away'));
    await waitFor(() => expect(desk.result.current.status).toBe('away'));

    const creator = renderHook(() => useChat(), { wrapper: visitorSide });
    const chat = await act(() => creator.result.current.create({ room: 'support', source: 'web' }));
    const visitorChat = renderHook(() => ({ chat: useChat(chat.id), queue: useQueue(chat.id), messages: useMessages(chat.id) }), { wrapper: visitorSide });
    await act(() => visitorChat.result.current.chat.assign());
    await waitFor(() => expect(visitorChat.result.current.queue).toEqual({ status: 'waiting', position: 1, alone: false }));

    await act(() => desk.result.current.setStatus('online'));
    await waitFor(() => expect(desk.result.current.invitations.map((invitation) => invitation.chat.id)).toEqual([chat.id]));
    expect(desk.result.current.invitations[0]!.secondsLeft).toBeGreaterThan(25);
    await act(() => desk.result.current.accept(chat.id));
    await waitFor(() => expect(visitorChat.result.current.chat.status).toBe('active'));
    await waitFor(() => expect(desk.result.current.openChats.map((open) => open.id)).toEqual([chat.id]));
    expect(visitorChat.result.current.queue.position).toBeUndefined();

    const agentChat = renderHook(
      () => ({ messages: useMessages(chat.id), typing: useTyping(chat.id), reads: useReadReceipts(chat.id), unread: useUnreadCount() }),
      { wrapper: agentSide },
    );
    const visitorTyping = renderHook(() => useTyping(chat.id), { wrapper: visitorSide });
    act(() => visitorTyping.result.current.onInput('Hel'));
    await waitFor(() => expect(agentChat.result.current.typing.typing.map((user) => user.id)).toEqual([bench.visitor.me!.id]));

    await act(() => visitorChat.result.current.chat.sendMessage('Hello!'));
    await waitFor(() => expect(agentChat.result.current.messages.messages.map((message) => message.message)).toEqual(['Hello!']));
    await waitFor(() => expect(agentChat.result.current.typing.typing).toEqual([]));
    await waitFor(() => expect(agentChat.result.current.unread).toBe(1));

    const [received] = agentChat.result.current.messages.messages;
    const visitorReads = renderHook(() => useReadReceipts(chat.id), { wrapper: visitorSide });
    act(() => agentChat.result.current.reads.markRead(received!));
    await waitFor(() => expect(visitorReads.result.current.readBy(visitorChat.result.current.messages.messages[0]!).map((user) => user.id)).toEqual(['ada']));
    await waitFor(() => expect(agentChat.result.current.unread).toBe(0));
    expect(visitorChat.result.current.messages.hasMore).toBe(false);
  });

  it('shows forever:alone when every offer runs out', async () => {
    const bench = await createHookBench({ interval: 50 });
    const chat = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    const queue = renderHook(() => useQueue(chat.id), { wrapper: bench.as(bench.visitor) });
    await waitFor(() => expect(bench.agent.connection.status).toBe('connected'));
    await chat.assign({ maxAttempts: 1, interval: 0.1 });
    await waitFor(() => expect(queue.result.current.alone).toBe(true), { timeout: 3000 });
    expect(queue.result.current.status).toBe('waiting');
  });
});

describe('useMessages paging', () => {
  it('shows the latest page with hasMore, and loadOlder prepends older pages until there are none', async () => {
    const bench = await createHookBench({ pageSize: 2 });
    const chat = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    // Written while the chat waits: the agent meets a history when it accepts.
    for (const text of ['one', 'two', 'three', 'four', 'five']) await chat.sendMessage(text);
    await chat.assign();
    await waitFor(() => expect(storeFor(bench.agent).getState().invitations[chat.id]).toBeDefined());
    await bench.agent.agent.accept(chat.id);

    const view = renderHook(() => useMessages(chat.id), { wrapper: bench.as(bench.agent) });
    const texts = () => view.result.current.messages.map((message) => message.message);
    await waitFor(() => expect(texts()).toEqual(['four', 'five']));
    expect(view.result.current.hasMore).toBe(true);

    await act(() => view.result.current.loadOlder());
    expect(texts()).toEqual(['two', 'three', 'four', 'five']);
    expect(view.result.current.hasMore).toBe(true);
    expect(view.result.current.loadingOlder).toBe(false);

    await act(() => view.result.current.loadOlder());
    expect(texts()).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(view.result.current.hasMore).toBe(false);
    expect(view.result.current.list.at(0)?.seq).toBe(1);
  });
});

describe('re-render isolation and StrictMode', () => {
  it('a message in chat A does not re-render a component reading chat B', async () => {
    const bench = await createHookBench();
    const a = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    const b = await bench.visitor.chats.create({ room: 'sales', source: 'web' });
    const renders = { a: 0, b: 0 };
    function Reader({ chatId, name }: { chatId: string; name: 'a' | 'b' }) {
      renders[name]++;
      return <p>{useMessages(chatId).messages.length}</p>;
    }
    const Wrapper = bench.as(bench.visitor);
    render(
      <Wrapper>
        <Reader chatId={a.id} name="a" />
        <Reader chatId={b.id} name="b" />
      </Wrapper>,
    );
    const before = { ...renders };
    await act(() => a.sendMessage('only in A'));
    await waitFor(() => expect(renders.a).toBeGreaterThan(before.a));
    expect(renders.b).toBe(before.b);
  });

  it('under StrictMode the store is made once per client and messages are not doubled', async () => {
    const bench = await createHookBench();
    const chat = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    const store = storeFor(bench.visitor);
    const Wrapper = bench.as(bench.visitor);
    const strict = ({ children }: { children?: ReactNode }) => (
      <StrictMode>
        <Wrapper>{children}</Wrapper>
      </StrictMode>
    );
    const view = renderHook(() => useMessages(chat.id), { wrapper: strict });
    expect(storeFor(bench.visitor)).toBe(store);
    await act(() => chat.sendMessage('once'));
    await waitFor(() => expect(view.result.current.messages.map((message) => message.message)).toEqual(['once']));
    view.unmount();
    expect(store.getState().messages[chat.id]?.length).toBe(1);
  });
});
