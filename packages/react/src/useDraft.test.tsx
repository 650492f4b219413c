import { act, cleanup, renderHook } from '@testing-library/react';
import { createClient, createLocalTransport, createMemoryStorage } from '@parley/core';
import { afterEach, describe, expect, it } from 'vitest';
import { useDraft } from './index';
import { createHookBench } from './testBench';

afterEach(cleanup);

describe('useDraft', () => {
  it("keeps each chat's unsent text when the component shows another chat, and after a reload", async () => {
    const bench = await createHookBench();
    const storage = createMemoryStorage();
    const visitorUser = bench.visitor.me!;
    const page = createClient({ transport: createLocalTransport({ engine: bench.engine, user: visitorUser }), storage });
    const view = renderHook(({ chatId }) => useDraft(chatId), { wrapper: bench.as(page), initialProps: { chatId: 'chat-1' } });
    expect(view.result.current[0]).toBe('');
    act(() => view.result.current[1]('Where is my parcel'));
    expect(view.result.current[0]).toBe('Where is my parcel');

    view.rerender({ chatId: 'chat-2' });
    expect(view.result.current[0]).toBe('');
    act(() => view.result.current[1]('Another question'));
    view.rerender({ chatId: 'chat-1' });
    expect(view.result.current[0]).toBe('Where is my parcel');
    view.unmount();
    page.destroy();

    // A reload: a new client over the same storage.
    const reloaded = createClient({ transport: createLocalTransport({ engine: bench.engine, user: visitorUser }), storage });
    const again = renderHook(() => useDraft('chat-2'), { wrapper: bench.as(reloaded) });
    expect(again.result.current[0]).toBe('Another question');
    reloaded.destroy();
  });
});
