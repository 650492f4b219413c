import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { MessageList } from '@parley/ui';
import type { StoredMessage } from '@parley/core';
import { agent, colleague, conversation, conversationNotes, history, me, message, pending, users } from './fixtures';

const meta = {
  title: 'Chat/MessageList',
  component: MessageList,
  args: { messages: conversation, me, users },
  // The list fills its parent: give it a box, as ChatWindow would.
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 380, height: 520, display: 'flex', background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof MessageList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const Empty: Story = { args: { messages: [] } };

/**
 * An agent's view (the console): the chat's internal notes among the messages, each after the message
 * it was written at, tinted and announced as notes. A visitor's list never gets `notes`.
 */
export const WithInternalNotes: Story = {
  args: { me: agent, notes: conversationNotes, users: { ...users, [colleague]: { name: 'Sam Lee' } } },
  play: async ({ canvasElement }) => {
    const notes = within(canvasElement).getAllByRole('note');
    await expect(notes.map((note) => note.getAttribute('aria-label'))).toEqual(['Internal note by You', 'Internal note by Sam Lee', 'Internal note by You']);
  },
};

export const ReadReceipts: Story = { args: { readSeqByUser: { [agent]: 4 } } };

export const Failed: Story = {
  args: {
    messages: [...conversation, pending('c-7', 'This one did not go through.', 'failed')],
    onRetry: () => {},
  },
};

export const LinksAndUnsafeText: Story = {
  args: {
    messages: [
      message(1, agent, 'Docs: https://parley.dev/docs (see the FAQ), or write to mailto:help@parley.dev.'),
      message(2, me, '<img src=x onerror=alert(1)> stays text, and so does javascript:alert(1)'),
      message(3, agent, '<script>alert("xss")</script>'),
    ],
  },
};

export const TenThousandMessages: Story = { args: { messages: history(10_000), readSeqByUser: { [agent]: 9_995 } } };

/** Pages of 50 older messages load as you reach the top; new ones arrive every few seconds. */
function Paging({ initialCount }: { initialCount: number }) {
  const [messages, setMessages] = useState<StoredMessage[]>(() => history(initialCount, Math.max(1, 1001 - initialCount)));
  const [loading, setLoading] = useState(false);
  const first = messages[0]?.seq ?? 1;
  const loadOlder = () => {
    setLoading(true);
    setTimeout(() => {
      setMessages((list) => [...history(Math.min(50, first - 1), Math.max(1, first - 50)), ...list]);
      setLoading(false);
    }, 400);
  };
  const receive = () => setMessages((list) => [...list, message((list.at(-1)?.seq ?? 0) + 1, agent, 'A new message arrived.')]);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
      <MessageList messages={messages} me={me} users={users} hasMore={first > 1} loadingOlder={loading} onLoadOlder={loadOlder} />
      <button type="button" onClick={receive}>
        Receive a message
      </button>
    </div>
  );
}

export const PagingAndNewMessages: Story = { render: () => <Paging initialCount={50} /> };

/** 10,000 messages held, new ones appended on click: each append renders one row. */
export const TenThousandLive: Story = { render: () => <Paging initialCount={10_000} /> };
