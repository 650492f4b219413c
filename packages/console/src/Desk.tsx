import type { AgentStatus, Chat as ChatModel, User } from '@parley/protocol';
import { ParleyProvider, useAgentDesk, useParley, useParleyStore, useResumeChats } from '@parley/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AdminApi } from './admin/adminApi';
import { createAdminApi } from './admin/adminApi';
import { SettingsPage } from './admin/SettingsPage';
import { ChatList } from './ChatList';
import { ClosedChatList } from './ClosedChatList';
import { Conversation } from './Conversation';
import type { DeskAlerts } from './deskAlerts';
import type { DeskLink } from './deskLink';
import { InvitationList } from './InvitationList';
import { CannedChangesContext, RecordsContext, useCannedChanges, useRecords } from './records';
import { RecordsView } from './RecordsView';
import { readSelectedChat, writeSelectedChat } from './selectedChat';
import { TopBar } from './TopBar';
import { TransferPanel } from './TransferPanel';
import { useClosedChats } from './useClosedChats';
import { useDeskAlerts } from './useDeskAlerts';
import { VisitorPanel } from './VisitorPanel';

export interface DeskProps {
  link: DeskLink;
  onLogout(): void;
  loggingOut: boolean;
  /** The agent's presence changed: kept with the session, since a reload gets no push for it. */
  onStatus(status: AgentStatus): void;
  /** The chime and desktop notifications for invitations and unseen messages. */
  alerts: DeskAlerts;
  /** The administration routes (default: over `fetch` with the session's token). */
  adminApi?: AdminApi | undefined;
}

/** The signed-in agent's desk: invitations, open and closed chats, the selected conversation, its visitor. */
export function Desk({ link, adminApi, ...rest }: DeskProps) {
  const api = useMemo(() => adminApi ?? createAdminApi(link.session.server, link.session.token), [adminApi, link.session.server, link.session.token]);
  // Saving a canned response in the settings bumps this, and every composer's `/` list reloads.
  const [cannedRevision, setCannedRevision] = useState(0);
  const cannedChanges = useMemo(() => ({ revision: cannedRevision, changed: () => setCannedRevision((revision) => revision + 1) }), [cannedRevision]);
  return (
    <ParleyProvider client={link.client}>
      <RecordsContext.Provider value={link.records}>
        <CannedChangesContext.Provider value={cannedChanges}>
          <DeskView me={link.session.user} adminApi={api} {...rest} />
        </CannedChangesContext.Provider>
      </RecordsContext.Provider>
    </ParleyProvider>
  );
}

function DeskView({ me, onLogout, loggingOut, onStatus, alerts, adminApi }: Omit<DeskProps, 'link' | 'adminApi'> & { me: User; adminApi: AdminApi }) {
  // Whether to show the admin pages; the server refuses a non-admin's admin calls either way.
  const [admin, setAdmin] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useEffect(() => {
    let current = true;
    adminApi.me().then(
      (answer) => current && setAdmin(answer.admin),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [adminApi]);
  const client = useParley('Desk');
  const { status, setStatus, invitations, accept, reject, openChats } = useAgentDesk();
  useResumeChats();
  const closedChats = useClosedChats();
  const records = useRecords();
  const cannedChanges = useCannedChanges();
  const [showRecords, setShowRecords] = useState(false);
  const mainArea = useRef<HTMLElement>(null);
  // The rooms of the chats this desk knows, joined into one string so the selector's value is stable.
  const roomList = useParleyStore((state) => [...new Set(Object.values(state.chats).map((chat) => chat.room))].sort().join('\n'));
  const knownRooms = useMemo(() => (roomList === '' ? [] : roomList.split('\n')), [roomList]);
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
  // Whom each transfer was offered to, to say where the chat went once they accept.
  const [offeredTo, setOfferedTo] = useState<Readonly<Record<string, string>>>({});

  useEffect(() => {
    if (status) onStatus(status);
  }, [status, onStatus]);

  // A chat opened from its address (a reload, a bookmark) or from the closed list may not be in the
  // store yet: following it fetches it.
  useEffect(() => {
    if (selectedId !== undefined && !selected) client.track(selectedId);
  }, [client, selectedId, selected]);

  // The colleague accepted: the chat leaves this desk, saying where it went.
  const [previous, setPrevious] = useState<ChatModel | undefined>(selected);
  if (selected !== previous) {
    setPrevious(selected);
    if (previous?.id === selected?.id && previous?.assignee === me.id && selected && selected.assignee !== me.id && selected.status !== 'closed') {
      const to = offeredTo[selected.id];
      setNotice(to ? `Chat transferred to ${to}.` : 'The chat was transferred.');
      setSelected(undefined);
    }
  }
  useEffect(() => {
    // A chat that left the desk leaves the address too (a no-op otherwise).
    if (selectedId === undefined) writeSelectedChat(undefined);
  }, [selectedId]);

  const select = (chatId: string) => {
    setShowRecords(false);
    setSelectedId(chatId);
    setNotice('');
  };

  useDeskAlerts(alerts, shown?.id, select);

  // On the desk, and above the settings while they are open: an accepted chat opens on the desk.
  const invitationList = (
    <InvitationList
      invitations={invitations}
      accept={accept}
      reject={reject}
      onAccepted={(chatId) => {
        setSettingsOpen(false);
        select(chatId);
        setFocusId(chatId);
      }}
    />
  );

  return (
    <div className="console-desk">
      <TopBar
        me={me}
        status={status}
        setStatus={setStatus}
        onLogout={onLogout}
        loggingOut={loggingOut}
        openChats={openChats.length}
        onSettings={() => setSettingsOpen((open) => !open)}
        settingsOpen={settingsOpen}
        admin={admin}
      />
      {settingsOpen ? (
        <>
          {/* An invitation still reaches an agent busy in the settings: answered here, or it runs out unseen. */}
          {invitations.length > 0 && (
            <div className="console-settings-invitations">{invitationList}</div>
          )}
          <SettingsPage api={adminApi} meId={me.id} admin={admin} onClose={() => setSettingsOpen(false)} records={records} onCannedChanged={cannedChanges.changed} />
        </>
      ) : (
      <div className="console-columns">
        <div className="console-sidebar">
          {invitationList}
          <ChatList chats={openChats} selectedId={shown?.id} onSelect={select} />
          <ClosedChatList chats={closedChats} selectedId={shown?.id} onSelect={select} />
          {records && (
            <button type="button" className="console-header-button console-records-open" aria-pressed={showRecords} onClick={() => setShowRecords((on) => !on)}>
              Search records
            </button>
          )}
        </div>
        <main className="console-main" data-empty={shown ? undefined : ''} tabIndex={-1} ref={mainArea}>
          <p className="console-notice" role="status">
            {notice}
          </p>
          {showRecords && records ? (
            <RecordsView records={records} rooms={knownRooms} onClose={() => setShowRecords(false)} />
          ) : shown ? (
            <Conversation
              key={shown.id}
              chatId={shown.id}
              autoFocus={focusId === shown.id}
              onDismiss={() => {
                setSelectedId(undefined);
                // The conversation goes, and its Dismiss button with it: the focus stays in the desk's main
                // area ("Select a chat to answer it."), not on the page's body.
                mainArea.current?.focus();
              }}
            />
          ) : (
            <p className="console-placeholder console-muted">
              {openChats.length > 0 ? 'Select a chat to answer it.' : 'Accepted chats open here.'}
            </p>
          )}
        </main>
        {shown && (
          <aside className="console-details" aria-label="Chat details">
            <VisitorPanel chatId={shown.id} onOpenChat={select} />
            {shown.status !== 'closed' && <TransferPanel chat={shown} onOffered={(label) => setOfferedTo((known) => ({ ...known, [shown.id]: label }))} />}
          </aside>
        )}
      </div>
      )}
    </div>
  );
}
