import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useChatDetails, useParleyStore, useTyping } from './index';
import { createHookBench } from './testBench';

afterEach(cleanup);

describe('useChatDetails', () => {
  it('gives an invited agent the visitor and the history without following the chat, and teaches the store the visitor', async () => {
    const bench = await createHookBench();
    await waitFor(() => expect(bench.visitor.connection.status).toBe('connected'));
    const chat = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    await chat.importHistory([{ created: 1_700_000_000, type: 'text', message: 'Earlier question', sender: 'assistant' }]);
    await chat.sendMessage('Hello?');
    await chat.assign();

    const { result } = renderHook(
      () => ({ details: useChatDetails(chat.id, ['users', 'history']), users: useParleyStore((state) => state.users) }),
      { wrapper: bench.as(bench.agent) },
    );
    expect(result.current.details.loading).toBe(true);
    await waitFor(() => expect(result.current.details.details?.history?.map((message) => message.message)).toEqual(['Earlier question', 'Hello?']));
    expect(result.current.details.loading).toBe(false);
    expect(result.current.details.details?.users).toEqual([expect.objectContaining({ id: bench.visitor.me?.id, name: 'Vera' })]);
    expect(result.current.users[bench.visitor.me!.id]?.name).toBe('Vera');
    // Only looking: the invitation's messages were not paged into the agent's store.
    expect(bench.agent.lastSeq(chat.id)).toBe(0);
  });

  it('asks again when the members change, and names the typing visitor', async () => {
    const bench = await createHookBench();
    await waitFor(() => expect(bench.visitor.connection.status).toBe('connected'));
    const chat = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    await chat.assign();
    const { result } = renderHook(() => ({ details: useChatDetails(chat.id, ['users']), typing: useTyping(chat.id) }), {
      wrapper: bench.as(bench.agent),
    });
    await waitFor(() => expect(result.current.details.details?.users).toHaveLength(1));
    await act(() => bench.agent.agent.accept(chat.id));
    await waitFor(() => expect(result.current.details.details?.users).toHaveLength(2));

    await act(() => chat.setActivity('writing'));
    await waitFor(() => expect(result.current.typing.typing.map((user) => user.name)).toEqual(['Vera']));
  });

  it('reports a refusal as a typed error', async () => {
    const bench = await createHookBench();
    const { result } = renderHook(() => useChatDetails('no-such-chat'), { wrapper: bench.as(bench.agent) });
    await waitFor(() => expect(result.current.error?.code).toBe('not_found'));
    expect(result.current.details).toBeUndefined();
  });
});
