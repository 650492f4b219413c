// @chatscope/chat-ui-kit-react's MessageList as its documentation uses it: one <Message> per message.
import { Message, MessageList } from '@chatscope/chat-ui-kit-react';
import type { MessageModel } from '@chatscope/chat-ui-kit-react';
import '@chatscope/chat-ui-kit-styles/dist/default/styles.min.css';
import type { Message as ParleyMessage } from '@parley/protocol';
import { agentId, visitorId } from '../../lib/messages';
import { exposeBench, stateChat } from './harness';
import type { ListProps } from './harness';

const names: Readonly<Record<string, string>> = { [visitorId]: 'Visitor', [agentId]: 'Agent' };

/** chatscope's bubble shape within a run of one sender's messages. */
function position(messages: readonly ParleyMessage[], index: number): MessageModel['position'] {
  const sender = messages[index]!.sender;
  const afterSame = messages[index - 1]?.sender === sender;
  const beforeSame = messages[index + 1]?.sender === sender;
  if (afterSame) return beforeSame ? 'normal' : 'last';
  return beforeSame ? 'first' : 'single';
}

function ChatscopeList({ messages }: ListProps) {
  return (
    <MessageList>
      {messages.map((message, index) => (
        <Message
          key={message.id}
          data-index={index}
          model={{
            message: message.message,
            sentTime: message.createdAt,
            sender: names[message.sender] ?? message.sender,
            direction: message.sender === visitorId ? 'outgoing' : 'incoming',
            position: position(messages, index),
            type: 'text',
          }}
        />
      ))}
    </MessageList>
  );
}

exposeBench({
  name: 'chatscope',
  prepare: stateChat(ChatscopeList),
  rowSelector: '[data-cs-message]',
  // The newest message is the last row; perfect-scrollbar's rails and the list's scroll target follow it.
  rowAt(box, index) {
    const list = box.querySelector('[data-cs-message-list]');
    for (let element = list?.lastElementChild; element; element = element.previousElementSibling) {
      if (element.hasAttribute('data-index')) return element.getAttribute('data-index') === String(index) ? element : null;
    }
    return null;
  },
});
