import { act, cleanup, render, renderHook, waitFor } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import type { ReactNode } from 'react';
import { createClient, createLocalTransport, messageStatus } from '@parley/core';
import type { Transport } from '@parley/core';
import { afterEach, describe, expect, it } from 'vitest';
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
    await waitFor(() => expect(bench.agent.store.getState().invitations[chat.id]).toBeDefined());
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

  it('under StrictMode messages are not doubled', async () => {
    const bench = await createHookBench();
    const chat = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    const { store } = bench.visitor;
    const Wrapper = bench.as(bench.visitor);
    const strict = ({ children }: { children?: ReactNode }) => (
      <StrictMode>
        <Wrapper>{children}</Wrapper>
      </StrictMode>
    );
    const view = renderHook(() => useMessages(chat.id), { wrapper: strict });
    await act(() => chat.sendMessage('once'));
    await waitFor(() => expect(view.result.current.messages.map((message) => message.message)).toEqual(['once']));
    view.unmount();
    expect(store.getState().messages[chat.id]?.length).toBe(1);
  });
});

describe('a chat started in an effect', () => {
  it('under StrictMode (the effect runs twice) yields one chat and no error', async () => {
    const bench = await createHookBench();
    const outcomes: string[] = [];
    function StartChat() {
      const { create } = useChat();
      useEffect(() => {
        create({ room: 'support', source: 'web' }).then(
          (chat) => outcomes.push(chat.id),
          (error: unknown) => outcomes.push(`error: ${String(error)}`),
        );
      }, [create]);
      return null;
    }
    const Wrapper = bench.as(bench.visitor);
    render(
      <StrictMode>
        <Wrapper>
          <StartChat />
        </Wrapper>
      </StrictMode>,
    );
    await waitFor(() => expect(outcomes).toHaveLength(2));
    expect(new Set(outcomes).size).toBe(1);
    expect(outcomes[0]).not.toMatch(/^error/);
    expect((await bench.visitor.chats.list()).map((chat) => chat.id)).toEqual([outcomes[0]]);

    // A reload (a new client for the same visitor) creating again gets the same open chat.
    const reloaded = createClient({ transport: createLocalTransport({ engine: bench.engine, user: bench.visitor.me! }), storage: false });
    expect((await reloaded.chats.create({ room: 'support', source: 'web' })).id).toBe(outcomes[0]);
    reloaded.destroy();
  });
});

describe('stable hooks', () => {
  it('return the same functions across renders while their inputs stay the same, and change with the chat', async () => {
    const bench = await createHookBench();
    const a = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    const b = await bench.visitor.chats.create({ room: 'sales', source: 'web' });
    const view = renderHook(({ chatId }) => ({ chat: useChat(chatId), messages: useMessages(chatId), typing: useTyping(chatId), reads: useReadReceipts(chatId) }), {
      wrapper: bench.as(bench.visitor),
      initialProps: { chatId: a.id },
    });
    const functionsOf = () => {
      const { chat, messages, typing, reads } = view.result.current;
      return [chat.create, chat.assign, chat.sendMessage, chat.send, chat.retry, chat.discard, chat.close, messages.loadOlder, typing.onInput, typing.reset, reads.markRead];
    };
    const first = functionsOf();
    view.rerender({ chatId: a.id });
    await act(() => a.sendMessage('a new message re-renders'));
    await waitFor(() => expect(view.result.current.messages.messages).toHaveLength(1));
    functionsOf().forEach((fn, index) => expect(fn, `function ${index}`).toBe(first[index]));

    view.rerender({ chatId: b.id });
    const second = functionsOf();
    expect(second[2]).not.toBe(first[2]);
    expect(second[0]).toBe(first[0]); // create depends on the client only
  });
});

describe('useChat retry and discard', () => {
  it('delivers a failed message once when retried, and drops a discarded one', async () => {
    const bench = await createHookBench();
    // The visitor's link refuses the next two sends (as a server would, say, an expired session).
    const link = createLocalTransport({ engine: bench.engine, user: bench.visitor.me! });
    let refusals = 2;
    const refusing: Transport = {
      get user() {
        return link.user;
      },
      get state() {
        return link.state;
      },
      emit(event, payload) {
        if (event === 'messages:send' && refusals > 0) {
          refusals -= 1;
          return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'refused for the test' } });
        }
        return link.emit(event, payload);
      },
      listen: (listeners) => link.listen(listeners),
      connect: () => link.connect(),
      disconnect: () => link.disconnect(),
    };
    const visitor = createClient({ transport: refusing, storage: false });
    const chat = await visitor.chats.create({ room: 'support', source: 'web' });
    const view = renderHook(() => ({ chat: useChat(chat.id), messages: useMessages(chat.id) }), { wrapper: bench.as(visitor) });
    await act(async () => {
      await view.result.current.chat.sendMessage('first try fails').catch(() => undefined);
      await view.result.current.chat.sendMessage('given up on').catch(() => undefined);
    });
    const rows = () => view.result.current.messages.messages.map((message) => [message.message, messageStatus(message), message.seq]);
    expect(rows()).toEqual([
      ['first try fails', 'failed', undefined],
      ['given up on', 'failed', undefined],
    ]);
    const [failed, abandoned] = view.result.current.messages.messages;
    expect(failed!.status === 'failed' && failed!.error?.code).toBe('forbidden');

    act(() => view.result.current.chat.discard(abandoned!));
    expect(rows()).toEqual([['first try fails', 'failed', undefined]]);

    await act(() => view.result.current.chat.retry(failed!));
    await waitFor(() => expect(rows()).toEqual([['first try fails', 'sent', 1]]));
    const { messages } = await visitor.send('messages:list', { chatId: chat.id });
    expect(messages.map((message) => [message.message, message.clientId])).toEqual([['first try fails', failed!.clientId]]);
    visitor.destroy();
  });
});
