import { render, screen, waitFor, within } from '@testing-library/react';
import { createClient, createLocalTransport } from '@parley/core';
import type { ParleyClient } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import { ParleyProvider, useChat, useMessages, useReadReceipts } from '@parley/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageList } from './components/MessageList/MessageList';
import { mockLayout } from './test/layout';

mockLayout();

const clients: ParleyClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/**
 * What a host app writes for its own chat screen: the hooks' messages go into the kit's list as they
 * are (this file type-checks only if the two share one message model), and a failed one is retried
 * from the row.
 */
function ChatScreen({ chatId, me }: { chatId: string; me: string }) {
  const { retry } = useChat(chatId);
  const { messages } = useMessages(chatId);
  const { reads, markRead } = useReadReceipts(chatId);
  return <MessageList messages={messages} me={me} readSeqByUser={reads} onRetry={(message) => void retry(message).catch(() => undefined)} onVisible={markRead} />;
}

describe('useMessages into <MessageList>', () => {
  it('shows pending, failed and sent messages from the hooks without any conversion', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const user = await engine.registerVisitor({ name: 'Vera' });
    const client = createClient({ transport: createLocalTransport({ engine, user }), storage: false });
    clients.push(client);
    const chat = await client.chats.create({ room: 'support', source: 'web' });
    render(
      <ParleyProvider client={client}>
        <ChatScreen chatId={chat.id} me={user.id} />
      </ParleyProvider>,
    );
    await chat.sendMessage('hello');
    const log = screen.getByRole('log');
    await waitFor(() => expect(within(log).getByText('hello').closest('[data-status]')?.getAttribute('data-status')).toBe('sent'));

    // Refused by the server (too long): the row stays, marked failed, with a Retry button.
    await chat.sendMessage('x'.repeat(5_000)).catch(() => undefined);
    await waitFor(() => expect(within(log).getByRole('button', { name: 'Retry' })).toBeTruthy());
    expect(log.querySelectorAll('[data-status="failed"]')).toHaveLength(1);
  });
});
