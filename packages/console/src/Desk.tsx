import type { AgentStatus, User } from '@parley/protocol';
import { ParleyProvider, useAgentDesk, useParleyStore, useResumeChats } from '@parley/react';
import { useEffect, useState } from 'react';
import { ChatList } from './ChatList';
import { Conversation } from './Conversation';
import type { DeskLink } from './deskLink';
import { InvitationList } from './InvitationList';
import { readSelectedChat, writeSelectedChat } from './selectedChat';
import { TopBar } from './TopBar';
import { TransferPanel } from './TransferPanel';
import { VisitorPanel } from './VisitorPanel';

export interface DeskProps {
  link: DeskLink;
  onLogout(): void;
  loggingOut: boolean;
  /** The agent's presence changed: kept with the session, since a reload gets no push for it. */
  onStatus(status: AgentStatus): void;
}

/** The signed-in agent's desk: invitations and open chats, the selected conversation, its visitor. */
export function Desk({ link, ...rest }: DeskProps) {
  return (
    <ParleyProvider client={link.client}>
      <DeskView me={link.session.user} {...rest} />
    </ParleyProvider>
  );
}

function DeskView({ me, onLogout, loggingOut, onStatus }: Omit<DeskProps, 'link'> & { me: User }) {
  const { status, setStatus, invitations, accept, reject, openChats } = useAgentDesk();
  useResumeChats();
  const [selectedId, setSelected] = useState<string | undefined>(readSelectedChat);
  const setSelectedId = (chatId: string | undefined) => {
    setSelected(chatId);
    writeSelectedChat(chatId);
  };
  // The chat whose composer takes focus when it opens: after Accept, whose button is gone.
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState('');
  const selected = useParleyStore((state) => (selectedId === undefined ? undefined : state.chats[selectedId]));
  // A chat handed over stops being this agent's; an ended one stays until dismissed, so the agent sees it end.
  const shown = selected && (selected.status === 'closed' || selected.assignee === me.id) ? selected : undefined;

  useEffect(() => {
    if (status) onStatus(status);
  }, [status, onStatus]);

  const select = (chatId: string) => {
    setSelectedId(chatId);
    setNotice('');
  };

  return (
    <div className="console-desk">
      <TopBar me={me} status={status} setStatus={setStatus} onLogout={onLogout} loggingOut={loggingOut} />
      <div className="console-columns">
        <div className="console-sidebar">
          <InvitationList
            invitations={invitations}
            accept={accept}
            reject={reject}
            onAccepted={(chatId) => {
              select(chatId);
              setFocusId(chatId);
            }}
          />
          <ChatList chats={openChats} selectedId={shown?.id} onSelect={select} />
        </div>
        <main className="console-main">
          <p className="console-notice" role="status">
            {notice}
          </p>
          {shown ? (
            <Conversation key={shown.id} chatId={shown.id} autoFocus={focusId === shown.id} onDismiss={() => setSelectedId(undefined)} />
          ) : (
            <p className="console-placeholder console-muted">
              {openChats.length > 0 ? 'Select a chat to answer it.' : 'Accepted chats open here.'}
            </p>
          )}
        </main>
        {shown && (
          <aside className="console-details" aria-label="Chat details">
            <VisitorPanel chatId={shown.id} />
            {shown.status !== 'closed' && (
              <TransferPanel
                chat={shown}
                onTransferred={(description) => {
                  setSelectedId(undefined);
                  setNotice(description);
                }}
              />
            )}
          </aside>
        )}
      </div>
    </div>
  );
}
