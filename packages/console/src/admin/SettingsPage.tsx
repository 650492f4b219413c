import { useEffect, useState } from 'react';
import type { AdminApi } from './adminApi';
import { AgentsAdmin } from './AgentsAdmin';
import type { RecordsApi } from '../records';
import { AuditLogView } from './AuditLogView';
import { CannedAdmin } from './CannedAdmin';
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
  /** The canned-response routes; without them (a desk on an in-process engine) there is no Canned responses tab. */
  records?: Pick<RecordsApi, 'canned' | 'saveCanned' | 'deleteCanned'> | undefined;
  /** Called after a canned response is saved or deleted, so the composers' `/` lists reload. */
  onCannedChanged?: (() => void) | undefined;
}

type Tab = 'agents' | 'rooms' | 'audit' | 'canned' | 'password';
const tabNames: Record<Tab, string> = { agents: 'Agents', rooms: 'Rooms', audit: 'Audit log', canned: 'Canned responses', password: 'Your password' };

const noRooms: readonly string[] = [];

/** The console's settings: an agent's canned responses and own password, and for admins the agents, rooms and audit log. */
export function SettingsPage({ api, meId, admin, onClose, records, onCannedChanged }: SettingsPageProps) {
  // The password first, as before canned responses came: a non-admin's settings open on it.
  const own: Tab[] = records ? ['password', 'canned'] : ['password'];
  const tabs: Tab[] = admin ? ['agents', 'rooms', 'audit', ...own] : own;
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  // The rooms the agent is assigned to, as the server has them now (`GET /v1/agents/me`): the only
  // rooms it lets them share a response with. Read when the tab opens, so a change an admin just
  // made counts; admins and everyone else alike.
  const [cannedRooms, setCannedRooms] = useState<readonly string[]>(noRooms);
  useEffect(() => {
    if (tab !== 'canned') return;
    let current = true;
    api.me().then(
      (answer) => current && setCannedRooms([...answer.rooms].sort()),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, tab]);
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
      {tab === 'canned' && records && <CannedAdmin records={records} rooms={cannedRooms} onChanged={onCannedChanged} />}
      {tab === 'password' && <PasswordChangeForm changePassword={api.changePassword} />}
    </main>
  );
}
