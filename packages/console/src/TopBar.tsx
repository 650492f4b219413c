import type { AgentStatus, User } from '@parley/protocol';
import { useConnection } from '@parley/react';
import { useState } from 'react';
import { LogoutConfirmation } from './LogoutConfirmation';
import { StatusControl } from './StatusControl';

export interface TopBarProps {
  me: User;
  status: AgentStatus | undefined;
  setStatus(status: AgentStatus): Promise<void>;
  onLogout(): void;
  loggingOut: boolean;
  /** The agent's chats in progress: logging out with any asks first. */
  openChats?: number;
  /** Opens or closes the settings (the agent's password; for admins agents, rooms and the audit log). */
  onSettings?: (() => void) | undefined;
  /** Whether the settings are open (the button then says so). */
  settingsOpen?: boolean;
  /** Admins see "Admin" on the button: their settings hold the desk's administration. */
  admin?: boolean;
}

const connectionText = {
  idle: 'Connecting…',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected.',
} as const;

/** Who is signed in, their presence, the link's health, and the way out. */
export function TopBar({ me, status, setStatus, onLogout, loggingOut, openChats = 0, onSettings, settingsOpen = false, admin = false }: TopBarProps) {
  const connection = useConnection();
  const [confirming, setConfirming] = useState(false);
  // Back on the Log out button after "Stay", not on the page's body.
  const [stayed, setStayed] = useState(false);
  return (
    <header className="console-topbar">
      <h1 className="console-title">Parley agent desk</h1>
      <p className="console-connection" role="status" data-connection={connection.status}>
        {connection.status === 'connected' ? '' : connectionText[connection.status]}
      </p>
      <p className="console-me">
        Signed in as <strong>{me.nickname ?? me.name}</strong>
      </p>
      <StatusControl status={status} setStatus={setStatus} />
      {onSettings && (
        <button type="button" className="parley-button" data-variant="secondary" aria-pressed={settingsOpen} onClick={onSettings}>
          {admin ? 'Admin' : 'Settings'}
        </button>
      )}
      {confirming && openChats > 0 ? (
        <LogoutConfirmation
          openChats={openChats}
          onConfirm={() => {
            setConfirming(false);
            onLogout();
          }}
          onCancel={() => {
            setConfirming(false);
            setStayed(true);
          }}
        />
      ) : (
        <button
          type="button"
          className="parley-button"
          data-variant="secondary"
          onClick={() => (openChats > 0 ? setConfirming(true) : onLogout())}
          disabled={loggingOut}
          autoFocus={stayed}
        >
          Log out
        </button>
      )}
    </header>
  );
}
