// @vitest-environment node
import { createClient, createLocalTransport } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ParleyProvider, useChat, useConnection, useMessages, useQueue, useUnreadCount } from './index';

describe('server rendering', () => {
  it('renders a provider and hooks to a string in Node, with no DOM', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const engine = createChatEngine({ store: createMemoryStore() });
    const user = await engine.registerVisitor({ name: 'Server Side' });
    const client = createClient({ transport: createLocalTransport({ engine, user }), autoConnect: false, storage: false });
    function Panel() {
      const { status } = useConnection();
      const { chat } = useChat('none');
      const { messages } = useMessages('none');
      const { position } = useQueue('none');
      return (
        <p>
          {status}:{chat?.id ?? 'no chat'}:{messages.length}:{position ?? '-'}:{useUnreadCount()}
        </p>
      );
    }
    const html = renderToString(
      <ParleyProvider client={client}>
        <Panel />
      </ParleyProvider>,
    );
    expect(html).toBe('<p>idle<!-- -->:<!-- -->no chat<!-- -->:<!-- -->0<!-- -->:<!-- -->-<!-- -->:<!-- -->0</p>');
  });
});
