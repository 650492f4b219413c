// Parley as an app renders it: a real client (`createClient`) fed server pushes through a transport, its
// store, `useMessages` from @parley/react inside `<ParleyProvider>`, and @parley/ui's virtualized
// MessageList (all resolved to their source). The store-to-list path is part of every figure.
import { memo } from 'react';
import type { Message, ServerEvent, User } from '@parley/protocol';
import { createClient } from '@parley/core';
import { ParleyProvider, useMessages } from '@parley/react';
import { MessageBubble, MessageList } from '@parley/ui';
import type { MessageBubbleProps } from '@parley/ui';
import '@parley/ui/styles.css';
import { agentId, visitorId } from '../../lib/messages';
import { createPushTransport } from '../../lib/pushTransport';
import { exposeBench } from './harness';

const users = { [visitorId]: { name: 'Visitor' }, [agentId]: { name: 'Agent' } };
const me: User = { id: visitorId, role: 'user', name: 'Visitor' };

// The default row, counted: `messageComponent` is the list's public way to replace rows, and the
// count shows which rows an append re-renders. One memoized wrapper per row in view (~20).
let rowRenders = 0;
const CountedRow = memo(function CountedRow(props: MessageBubbleProps) {
  rowRenders += 1;
  return <MessageBubble {...props} />;
});

/** The chat screen of the README: `useMessages(chatId)` into `<MessageList>`. */
function StoreChat({ chatId }: { chatId: string }) {
  const { messages } = useMessages(chatId);
  return <MessageList messages={messages} me={visitorId} users={users} messageComponent={CountedRow} />;
}

const received = (message: Message): ServerEvent => ({ event: 'message:received', payload: { message } });

exposeBench({
  name: 'parley',
  async prepare(chatId, initial) {
    const transport = createPushTransport(me);
    const client = createClient({ transport, storage: false });
    // The chat is followed and its messages are in the store before the first render, as when a chat
    // screen mounts on a chat the client already holds (its backfill answers an empty page here).
    client.track(chatId);
    for (const message of initial) transport.push(received(message));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const held = client.store.getState().messages[chatId]?.length ?? 0;
    if (held !== initial.length) throw new Error(`the store holds ${held} of ${initial.length} messages`);
    return {
      element: () => (
        <ParleyProvider client={client}>
          <StoreChat chatId={chatId} />
        </ParleyProvider>
      ),
      // A server push: transport → sequencer → store → useMessages → MessageList.
      append: (message) => transport.push(received(message)),
    };
  },
  boxClass: 'parley',
  rowSelector: '.parley-message-row',
  rowAt: (box, index) => box.querySelector(`.parley-message-row[data-index="${index}"]`),
  rowRenders: () => rowRenders,
});
