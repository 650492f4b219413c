import type { AssignOptions, ChatMessage } from '@parley/core';
import type { Note } from '@parley/protocol';
import { useChat, useConnection, useDraft, useMessages, useParley, useParleyStore, useQueue, useReadReceipts, useTyping } from '@parley/react';
import { useCallback, useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ChatWindowProps } from './components/ChatWindow/ChatWindow';
import { ChatWindow } from './components/ChatWindow/ChatWindow';
import { Avatar } from './components/Avatar/Avatar';
import { ChatHeader } from './components/ChatHeader/ChatHeader';
import { Welcome } from './components/Welcome/Welcome';
import { ClosedBanner } from './components/ClosedBanner/ClosedBanner';
import { Composer } from './components/Composer/Composer';
import { FileLinkContext } from './components/FileMessage/fileLinks';
import type { ComposerProps } from './components/Composer/Composer';
import { MessageList } from './components/MessageList/MessageList';
import { QueueStatus } from './components/QueueStatus/QueueStatus';
import type { QueueState } from './components/QueueStatus/QueueStatus';
import { TypingIndicator } from './components/TypingIndicator/TypingIndicator';
import { useStrings } from './strings/StringsProvider';

export interface ParleyChatProps extends Omit<ChatWindowProps, 'header' | 'status' | 'body' | 'typing' | 'banner' | 'composer'> {
  /** The chat to show; the signed-in user of the provider's client is its visitor. */
  chatId: string;
  /** Used by "Try again" when no agent was available (`chats:assign` again). */
  assignOptions?: AssignOptions;
  /**
   * Shows a close button in the header. While the chat is open, the button first asks "End this
   * chat?" and calls this only on "End chat" (unless `confirmClose` is false).
   */
  onClose?: () => void;
  /** Ask before the header's close button ends an open chat (default true). */
  confirmClose?: boolean;
  /** Shows "Start a new chat" in the closed banner. */
  onStartNew?: () => void;
  /** Offered beside "Try again" when no agent is available: leave a message instead (the offline form). */
  onLeaveMessage?: () => void;
  /** Once the chat has ended, offers its transcript by e-mail: resolves with the address it goes to. */
  onEmailTranscript?: () => Promise<string>;
  /** The header's title; by default the assigned agent's name (what a visitor wants to see). */
  title?: string;
  /** Controls in the header, before the close button (an agent's "Transfer", "Close chat" …). */
  headerActions?: ReactNode;
  /** The room's welcome message, shown until the chat's first message (`RoomInfo.welcome`). */
  welcome?: string;
  /**
   * Whose window this is. `visitor` (default): the header shows the assigned agent's presence and the
   * queue status shows while waiting. `agent`: the assignee's presence would be the viewer's own, and
   * the queue texts speak to the visitor, so the header shows the chat's status and no queue status.
   */
  viewer?: 'visitor' | 'agent';
  /**
   * Renders the composer from the props the window would give its own `Composer` (send, typing,
   * closed): an agent's desk wraps it with canned responses and internal notes. Default: `Composer`.
   */
  renderComposer?: (props: ComposerProps) => ReactNode;
  /**
   * Agents only: the chat's internal notes (`store.notes[chatId]`), shown among the messages after the
   * message each was written at, marked as notes. A visitor's window (the widget) never passes any.
   */
  notes?: readonly Note[];
}

const ignore = () => undefined;

function queueState(status: string | undefined, alone: boolean): QueueState | undefined {
  if (status === 'offered') return 'offered';
  if (status === 'waiting') return alone ? 'no-agents' : 'waiting';
  return undefined;
}

/**
 * A visitor's chat window wired to `@parley/react`: the hooks feed the presentational parts, nothing
 * else. Render it inside `<ParleyProvider>`; create (and assign) the chat first and pass its id. An
 * agent's desk renders the same window with `viewer="agent"` and the visitor's name as `title`.
 */
export function ParleyChat({
  chatId,
  assignOptions,
  onClose,
  confirmClose = true,
  onStartNew,
  onLeaveMessage,
  onEmailTranscript,
  title,
  headerActions,
  welcome,
  renderComposer,
  notes,
  viewer = 'visitor',
  ...windowProps
}: ParleyChatProps) {
  const client = useParley('ParleyChat');
  const me = client.me?.id ?? '';
  const { chat, status, assign, sendMessage, sendFile, retry: retryMessage } = useChat(chatId);
  const queue = useQueue(chatId);
  const { messages, hasMore, loadOlder } = useMessages(chatId);
  const { reads, markRead } = useReadReceipts(chatId);
  const { typing, onInput } = useTyping(chatId);
  // Held by the client: what was typed is still there after a reload or when the chat comes back.
  const [draft, setDraft] = useDraft(chatId);
  const users = useParleyStore((state) => state.users, 'ParleyChat');
  const assignee = chat?.assignee;
  const agentStatus = useParleyStore((state) => (assignee === undefined ? undefined : state.agents[assignee]), 'ParleyChat');
  const connection = useConnection().status;
  const [confirming, setConfirming] = useState(false);

  const typingNames = useMemo(() => typing.map((user) => user.nickname ?? user.name), [typing]);

  const retryAssign = useCallback(() => void assign(assignOptions).catch(ignore), [assign, assignOptions]);
  const send = useCallback((text: string) => void sendMessage(text).catch(ignore), [sendMessage]);
  // Each file is a message of its own, in the order picked; progress and failure show on its row.
  const attachFiles = useCallback((files: File[]) => files.forEach((file) => void sendFile(file).catch(ignore)), [sendFile]);
  const resolveLink = useMemo(() => (client.files ? (fileId: string) => client.files!.link(fileId) : undefined), [client]);
  // Again under the failed row's clientId: the row itself turns back into `sending`.
  const retry = useCallback((message: ChatMessage) => void retryMessage(message).catch(ignore), [retryMessage]);

  const closed = status === 'closed';
  // The same props whether the app draws the composer itself (`renderComposer`) or not, so a custom
  // composer keeps file attachments.
  const composerProps: ComposerProps = {
    value: draft,
    onValueChange: setDraft,
    onSend: send,
    onTyping: onInput,
    closed,
    onAttach: client.files ? attachFiles : undefined,
  };
  const state = viewer === 'visitor' ? queueState(status, queue.alone) : undefined;
  const agent = assignee === undefined ? undefined : users[assignee];
  const agentName = agent ? (agent.nickname ?? agent.name) : undefined;
  const closedBy = chat?.closedBy === undefined || chat.closedBy === 'system' ? 'system' : chat.closedBy === me ? 'me' : 'agent';
  // Ending a chat cannot be undone, and the widget's launcher has a close button that only hides it.
  const askToClose = onClose && confirmClose && !closed ? () => setConfirming(true) : onClose;
  const endChat = () => {
    setConfirming(false);
    onClose?.();
  };

  return (
    <FileLinkContext.Provider value={resolveLink}>
    <ChatWindow
      {...windowProps}
      header={
        <ChatHeader
          title={title ?? agentName}
          avatar={viewer === 'visitor' && assignee !== undefined && agentName !== undefined ? <Avatar id={assignee} name={agentName} src={agent?.avatarUrl} size={36} /> : undefined}
          agentStatus={viewer === 'visitor' && status === 'active' ? agentStatus : undefined}
          // With nobody left to offer it to, the chat is `waiting` for no one: the status line below
          // says so ("No agent is available right now"), and the header does not say "Waiting".
          chatStatus={state === 'no-agents' ? undefined : status}
          connection={connection}
          actions={headerActions}
          onClose={askToClose}
        />
      }
      status={state && <QueueStatus state={state} position={queue.position} onRetry={retryAssign} onLeaveMessage={onLeaveMessage} />}
      body={
        <MessageList
          messages={messages}
          notes={notes}
          me={me}
          users={users}
          readSeqByUser={reads}
          hasMore={hasMore}
          onLoadOlder={loadOlder}
          onRetry={retry}
          onVisible={markRead}
          empty={welcome ? <Welcome message={welcome} /> : undefined}
        />
      }
      typing={<TypingIndicator names={typingNames} />}
      banner={
        closed ? (
          <ClosedBanner closedBy={closedBy} onStartNew={onStartNew} onEmailTranscript={onEmailTranscript} />
        ) : confirming ? (
          <EndChatConfirmation onConfirm={endChat} onCancel={() => setConfirming(false)} />
        ) : undefined
      }
      composer={renderComposer ? renderComposer(composerProps) : <Composer {...composerProps} />}
    />
    </FileLinkContext.Provider>
  );
}

/** "End this chat?" with the two answers; focus starts on the safe one. */
function EndChatConfirmation({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const strings = useStrings();
  const questionId = useId();
  return (
    <div className="parley-confirm" role="alertdialog" aria-labelledby={questionId}>
      <p id={questionId} className="parley-confirm-question">
        {strings.endChatQuestion}
      </p>
      <button type="button" className="parley-button" data-variant="secondary" onClick={onCancel} autoFocus>
        {strings.endChatCancel}
      </button>
      <button type="button" className="parley-button" onClick={onConfirm}>
        {strings.endChatConfirm}
      </button>
    </div>
  );
}
