import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { createClient, createLocalTransport } from '@parley/core';
import { afterEach, describe, expect, it } from 'vitest';
import { useAgentDesk, useMessages, useResumeChats } from './index';
import { createHookBench } from './testBench';

afterEach(cleanup);

describe('useResumeChats', () => {
  it('after a reload, brings back the agent’s open chats and their messages, not the closed ones', async () => {
    const bench = await createHookBench();
    await waitFor(() => expect(bench.agent.connection.status).toBe('connected'));
    const open = await bench.visitor.chats.create({ room: 'support', source: 'web' });
    await open.assign();
    await bench.agent.agent.accept(open.id);
    await open.sendMessage('Still there?');
    const ended = await bench.engine.registerVisitor({ name: 'Otto' });
    const otto = createClient({ transport: createLocalTransport({ engine: bench.engine, user: ended }), storage: false });
    await waitFor(() => expect(otto.connection.status).toBe('connected'));
    const closed = await otto.chats.create({ room: 'support', source: 'web' });
    await closed.assign();
    await bench.agent.agent.accept(closed.id);
    await closed.close();

    // A new page: a new client (and so a new store) for the same agent, knowing nothing yet.
    const reloaded = createClient({ transport: createLocalTransport({ engine: bench.engine, user: bench.agent.me! }), storage: false });
    const { result } = renderHook(() => ({ resume: useResumeChats(), desk: useAgentDesk(), messages: useMessages(open.id) }), {
      wrapper: bench.as(reloaded),
    });
    await waitFor(() => expect(result.current.resume.resumed).toBe(true));
    expect(result.current.desk.openChats.map((chat) => chat.id)).toEqual([open.id]);
    await waitFor(() => expect(result.current.messages.messages.map((message) => message.message)).toEqual(['Still there?']));
    otto.disconnect();
    reloaded.disconnect();
  });
});
