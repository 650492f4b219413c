import { useState } from 'react';
import type { AdminApi } from './adminApi';
import { AgentsAdmin } from './AgentsAdmin';
import { AuditLogView } from './AuditLogView';
import { PasswordChangeForm } from './PasswordChangeForm';
import { RoomsAdmin } from './RoomsAdmin';

export interface SettingsPageProps {
  /** The administration routes (a stub in stories and tests). */
  api: AdminApi;
  /** The signed-in agent's id. */
  meId: string;
  /** Whether the agent may administer: only then are Agents, Rooms and Audit log shown. */
  admin: boolean;
  /** Back to the desk. */
  onClose(): void;
}

type Tab = 'agents' | 'rooms' | 'audit' | 'password';
const tabNames: Record<Tab, string> = { agents: 'Agents', rooms: 'Rooms', audit: 'Audit log', password: 'Your password' };

/** The console's settings: an agent's own password, and for admins the agents, rooms and audit log. */
export function SettingsPage({ api, meId, admin, onClose }: SettingsPageProps) {
  const tabs: Tab[] = admin ? ['agents', 'rooms', 'audit', 'password'] : ['password'];
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  return (
    <main className="console-settings">
      <div className="console-settings-bar">
        <nav aria-label="Settings">
          {tabs.map((name) => (
            <button key={name} type="button" className="parley-button" data-variant={tab === name ? undefined : 'secondary'} aria-current={tab === name ? 'page' : undefined} onClick={() => setTab(name)}>
              {tabNames[name]}
            </button>
          ))}
        </nav>
        <button type="button" className="parley-button" data-variant="secondary" onClick={onClose}>
          Back to the desk
        </button>
      </div>
      {tab === 'agents' && <AgentsAdmin api={api} meId={meId} />}
      {tab === 'rooms' && <RoomsAdmin api={api} />}
      {tab === 'audit' && <AuditLogView api={api} />}
      {tab === 'password' && <PasswordChangeForm changePassword={api.changePassword} />}
    </main>
  );
}
