import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  ChatHeader,
  ChatWindow,
  ClosedBanner,
  Composer,
  MessageList,
  OfflineForm,
  QueueStatus,
  TypingIndicator,
} from '@parley/ui';
import type { ChatMessage, StoredMessage } from '@parley/core';
import { agent, conversation, history, me, message, pending, users } from './fixtures';

const meta = {
  title: 'Chat/ChatWindow',
  component: ChatWindow,
  args: { theme: 'auto' },
  argTypes: { theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
} satisfies Meta<typeof ChatWindow>;

export default meta;
type Story = StoryObj<typeof meta>;

const header = <ChatHeader title="Anna" agentStatus="online" onClose={() => {}} />;
const noop = () => {};

export const Empty: Story = {
  args: {
    header: <ChatHeader chatStatus="waiting" onClose={noop} />,
    body: <MessageList messages={[]} me={me} />,
    composer: <Composer onSend={noop} />,
  },
};

export const WaitingInQueue: Story = {
  args: {
    header: <ChatHeader chatStatus="waiting" onClose={noop} />,
    status: <QueueStatus state="waiting" position={3} />,
    body: <MessageList messages={[message(1, me, 'Hello, is anyone there?')]} me={me} users={users} />,
    composer: <Composer onSend={noop} />,
  },
};

export const AgentJoining: Story = {
  args: { ...WaitingInQueue.args, status: <QueueStatus state="offered" /> },
};

export const NoAgentAvailable: Story = {
  args: {
    header: <ChatHeader chatStatus="waiting" onClose={noop} />,
    status: <QueueStatus state="no-agents" onRetry={noop} onLeaveMessage={noop} />,
    body: <MessageList messages={[message(1, me, 'Hello, is anyone there?')]} me={me} users={users} />,
    composer: <Composer onSend={noop} />,
  },
};

export const Active: Story = {
  args: {
    header,
    body: <MessageList messages={conversation} me={me} users={users} readSeqByUser={{ [agent]: 4 }} />,
    composer: <Composer onSend={noop} />,
  },
};

export const Typing: Story = {
  args: { ...Active.args, typing: <TypingIndicator names={['Anna']} /> },
};

export const Read: Story = {
  args: {
    ...Active.args,
    body: <MessageList messages={conversation} me={me} users={users} readSeqByUser={{ [agent]: conversation.length }} />,
  },
};

const failed: ChatMessage[] = [
  ...conversation,
  pending('c-7', 'One more question: can I change the address?', 'sending'),
  pending('c-8', 'It is Hauptstraße 5.', 'failed'),
];

export const FailedMessage: Story = {
  args: {
    ...Active.args,
    body: <MessageList messages={failed} me={me} users={users} readSeqByUser={{ [agent]: 6 }} onRetry={noop} />,
  },
};

export const Closed: Story = {
  args: {
    header: <ChatHeader title="Anna" chatStatus="closed" onClose={noop} />,
    body: <MessageList messages={conversation} me={me} users={users} readSeqByUser={{ [agent]: 6 }} />,
    banner: <ClosedBanner closedBy="agent" onStartNew={noop} />,
    composer: <Composer onSend={noop} closed />,
  },
};

export const Offline: Story = {
  args: {
    header: <ChatHeader chatStatus="waiting" onClose={noop} />,
    body: <OfflineForm onSubmit={() => new Promise((resolve) => setTimeout(resolve, 600))} />,
  },
};

export const DarkTheme: Story = {
  args: { ...Typing.args, theme: 'dark' },
};

export const LightTheme: Story = {
  args: { ...Typing.args, theme: 'light' },
};

const tenThousand = history(10_000);

export const TenThousandMessages: Story = {
  args: {
    header,
    body: <MessageList messages={tenThousand} me={me} users={users} readSeqByUser={{ [agent]: 9_990 }} />,
    composer: <Composer onSend={noop} />,
  },
};

export const German: Story = {
  args: {
    ...Typing.args,
    locale: 'de-DE',
    strings: {
      windowLabel: 'Chat',
      close: 'Chat schließen',
      agentStatus: { online: 'Online' },
      messageListLabel: 'Nachrichten',
      you: 'Sie',
      composerLabel: 'Nachricht',
      composerPlaceholder: 'Nachricht schreiben…',
      send: 'Senden',
      typing: (names) => `${names.join(', ')} schreibt…`,
      messageStatus: { sent: 'Gesendet', read: 'Gelesen' },
    },
  },
};

/** Local state only: what you send appears at once, then "Anna" reads and answers. */
function InteractiveChat({ theme }: { theme?: 'auto' | 'light' | 'dark' }) {
  const [messages, setMessages] = useState<StoredMessage[]>(conversation);
  const [typing, setTyping] = useState(false);
  const [readSeq, setReadSeq] = useState(conversation.length);
  const send = (text: string) => {
    const seq = messages.length + 1;
    setMessages((list) => [...list, message(seq, me, text, { createdAt: new Date().toISOString() })]);
    setTimeout(() => setReadSeq(seq), 500);
    setTimeout(() => setTyping(true), 700);
    setTimeout(() => {
      setTyping(false);
      setMessages((list) => [...list, message(list.length + 1, agent, `You said: “${text}”`, { createdAt: new Date().toISOString() })]);
    }, 1800);
  };
  return (
    <ChatWindow
      theme={theme}
      header={header}
      body={<MessageList messages={messages} me={me} users={users} readSeqByUser={{ [agent]: readSeq }} />}
      typing={<TypingIndicator names={typing ? ['Anna'] : []} />}
      composer={<Composer onSend={send} />}
    />
  );
}

export const Interactive: Story = {
  render: (args) => <InteractiveChat theme={args.theme} />,
};
