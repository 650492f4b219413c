import { createClient, createLocalTransport } from '@parley/core';
import type { ParleyClient } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import type { ChatEngine } from '@parley/engine';
import type { ReactNode } from 'react';
import { ParleyProvider } from './ParleyProvider';

/** A visitor and an agent on one in-process engine: hooks tested against the real domain logic. */
export interface HookBench {
  engine: ChatEngine;
  visitor: ParleyClient;
  agent: ParleyClient;
  as(client: ParleyClient): (props: { children?: ReactNode }) => ReactNode;
}

export async function createHookBench(options: { interval?: number; pageSize?: number } = {}): Promise<HookBench> {
  const engine = createChatEngine({ store: createMemoryStore(), ...(options.interval ? { defaultIntervalMs: options.interval } : {}) });
  const agentUser = await engine.registerAgent({ id: 'ada', name: 'Ada', rooms: ['support'], capacity: 3 });
  const visitorUser = await engine.registerVisitor({ name: 'Vera' });
  const paging = options.pageSize === undefined ? {} : { pageSize: options.pageSize };
  const visitor = createClient({ transport: createLocalTransport({ engine, user: visitorUser }), storage: false, ...paging });
  const agent = createClient({ transport: createLocalTransport({ engine, user: agentUser }), storage: false, ...paging });
  return {
    engine,
    visitor,
    agent,
    as: (client) =>
      function Wrapper({ children }) {
        return <ParleyProvider client={client}>{children}</ParleyProvider>;
      },
  };
}
