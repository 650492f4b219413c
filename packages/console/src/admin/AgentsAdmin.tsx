import type { AdminAgent, PasswordLink } from '@parley/protocol';
import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../describeError';
import type { AdminApi } from './adminApi';

export interface AgentsAdminProps {
  /** The administration routes (a stub in stories and tests). */
  api: AdminApi;
  /** The signed-in admin's id: they cannot deactivate themselves or drop their own admin role. */
  meId: string;
}

interface AgentFields {
  username: string;
  name: string;
  avatarUrl: string;
  rooms: string;
  capacity: string;
  admin: boolean;
}

const empty: AgentFields = { username: '', name: '', avatarUrl: '', rooms: '', capacity: '3', admin: false };

function roomList(text: string): string[] {
  return text
    .split(',')
    .map((room) => room.trim())
    .filter(Boolean);
}

/** Agents: invite by link, edit name, avatar, rooms and capacity, deactivate, reset a password. */
export function AgentsAdmin({ api, meId }: AgentsAdminProps) {
  const [agents, setAgents] = useState<AdminAgent[] | undefined>(undefined);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [fields, setFields] = useState<AgentFields>(empty);
  const [link, setLink] = useState<{ who: string; link: PasswordLink } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const ids = { heading: useId(), username: useId(), name: useId(), avatar: useId(), rooms: useId(), capacity: useId(), admin: useId(), link: useId() };

  const reload = useCallback(() => api.agents().then(setAgents, (cause: unknown) => setError(describeError(cause))), [api]);
  useEffect(() => void reload(), [reload]);

  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      await reload();
    } catch (cause) {
      setError(describeError(cause, { invalid_payload: 'Check the fields: a username of letters, digits, ".", "_" or "-"; capacity 1 to 100; an http(s) photo URL.', conflict: 'That is not possible: the username is taken, or you would lock yourself out.' }));
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const common = { name: fields.name.trim(), rooms: roomList(fields.rooms), capacity: Number(fields.capacity), admin: fields.admin };
    if (editing) {
      void act(async () => {
        await api.updateAgent(editing, { ...common, avatarUrl: fields.avatarUrl.trim() === '' ? null : fields.avatarUrl.trim() });
        setEditing(undefined);
        setFields(empty);
      });
    } else {
      void act(async () => {
        const created = await api.createAgent({ username: fields.username.trim(), ...common, ...(fields.avatarUrl.trim() && { avatarUrl: fields.avatarUrl.trim() }) });
        setLink({ who: created.agent.user.name, link: created.link });
        setFields(empty);
      });
    }
  };

  const edit = (agent: AdminAgent) => {
    setEditing(agent.user.id);
    setFields({ username: agent.user.id, name: agent.user.name, avatarUrl: agent.user.avatarUrl ?? '', rooms: agent.rooms.join(', '), capacity: String(agent.capacity), admin: agent.admin });
  };
  const set = (key: keyof AgentFields) => (event: { target: { value: string; checked?: boolean } }) =>
    setFields((current) => ({ ...current, [key]: key === 'admin' ? Boolean(event.target.checked) : event.target.value }));

  return (
    <section className="console-admin-section" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Agents</h2>
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <div className="console-admin-link" role="status">
          <label htmlFor={ids.link}>
            Send {link.who} this one-time link ({link.link.purpose === 'invite' ? 'invitation' : 'password reset'}, good until {new Date(link.link.expiresAt).toLocaleString()}):
          </label>
          <input id={ids.link} readOnly value={link.link.url} onFocus={(event) => event.target.select()} />
        </div>
      )}
      <table className="console-admin-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Rooms</th>
            <th scope="col">Capacity</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(agents ?? []).map((agent) => (
            <tr key={agent.user.id} data-disabled={agent.disabled || undefined}>
              <td>{agent.user.name}</td>
              <td>{agent.user.id}</td>
              <td>{agent.rooms.join(', ') || '—'}</td>
              <td>{agent.capacity}</td>
              <td>{[agent.admin && 'admin', agent.disabled ? 'deactivated' : agent.user.status, !agent.hasPassword && 'invited'].filter(Boolean).join(', ')}</td>
              <td className="console-admin-actions">
                <button type="button" className="parley-button" data-variant="secondary" onClick={() => edit(agent)} aria-label={`Edit ${agent.user.name}`}>
                  Edit
                </button>
                {!agent.disabled && (
                  <button
                    type="button"
                    className="parley-button"
                    data-variant="secondary"
                    aria-label={`Reset the password of ${agent.user.name}`}
                    onClick={() => void act(async () => setLink({ who: agent.user.name, link: await api.resetPassword(agent.user.id) }))}
                  >
                    Reset password
                  </button>
                )}
                {agent.user.id !== meId && (
                  <button
                    type="button"
                    className="parley-button"
                    data-variant="secondary"
                    aria-label={`${agent.disabled ? 'Reactivate' : 'Deactivate'} ${agent.user.name}`}
                    onClick={() => void act(() => api.updateAgent(agent.user.id, { disabled: !agent.disabled }))}
                  >
                    {agent.disabled ? 'Reactivate' : 'Deactivate'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {agents === undefined && !error && <p role="status">Loading agents…</p>}
      <form className="console-admin-form" onSubmit={submit} aria-label={editing ? `Edit ${editing}` : 'Invite an agent'}>
        <h3>{editing ? `Edit ${editing}` : 'Invite an agent'}</h3>
        {!editing && (
          <>
            <label htmlFor={ids.username}>Username</label>
            <input id={ids.username} autoCapitalize="none" spellCheck={false} value={fields.username} onChange={set('username')} />
          </>
        )}
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={fields.name} onChange={set('name')} />
        <label htmlFor={ids.avatar}>Photo URL (optional)</label>
        <input id={ids.avatar} type="url" value={fields.avatarUrl} onChange={set('avatarUrl')} />
        <label htmlFor={ids.rooms}>Rooms (comma-separated)</label>
        <input id={ids.rooms} value={fields.rooms} onChange={set('rooms')} />
        <label htmlFor={ids.capacity}>Capacity (open chats at once)</label>
        <input id={ids.capacity} type="number" min={1} max={100} value={fields.capacity} onChange={set('capacity')} />
        <label className="console-admin-check">
          <input type="checkbox" checked={fields.admin} onChange={set('admin')} disabled={editing === meId} /> May administer
        </label>
        <div className="console-admin-actions">
          <button type="submit" className="parley-button">
            {editing ? 'Save agent' : 'Invite agent'}
          </button>
          {editing && (
            <button
              type="button"
              className="parley-button"
              data-variant="secondary"
              onClick={() => {
                setEditing(undefined);
                setFields(empty);
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
