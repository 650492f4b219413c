import type { AgentStatus, User } from '@parley/protocol';
import { useConnection } from '@parley/react';
import { StatusControl } from './StatusControl';

export interface TopBarProps {
  me: User;
  status: AgentStatus | undefined;
  setStatus(status: AgentStatus): Promise<void>;
  onLogout(): void;
  loggingOut: boolean;
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
export function TopBar({ me, status, setStatus, onLogout, loggingOut, onSettings, settingsOpen = false, admin = false }: TopBarProps) {
  const connection = useConnection();
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
      <button type="button" className="parley-button" data-variant="secondary" onClick={onLogout} disabled={loggingOut}>
        Log out
      </button>
    </header>
  );
}
