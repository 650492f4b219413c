import type { TransferAgent, TransferRoom } from '@parley/protocol';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';

/** Where a chat can go (`transfer:targets`): rooms, and colleagues online now. */
export interface TransferTargets {
  rooms: readonly TransferRoom[];
  agents: readonly TransferAgent[];
}

/** What the agent picked: the `chats:transfer` target, and how to name it back to them. */
export interface TransferChoice {
  target: { room?: string; agentId?: string };
  /** "Bob Agent", or "room billing". */
  label: string;
}

export interface TransferPickerProps {
  /** The chat's own room: a colleague who serves it takes the chat there. */
  chatRoom: string;
  /** Undefined while the list loads. */
  targets: TransferTargets | undefined;
  /** Set while a transfer waits for an answer: "Bob Agent" or "room billing". */
  pendingTo?: string | undefined;
  /** A request is on its way. */
  busy?: boolean;
  /** Why the last transfer was refused. */
  error?: string | undefined;
  /** What became of the last transfer (e.g. nobody took it). */
  notice?: string | undefined;
  /** The agent chose a colleague or a room and pressed Transfer. */
  onTransfer(choice: TransferChoice): void;
}

/** The name an agent goes by in the desk. */
export function agentLabel(agent: TransferAgent): string {
  return agent.user.nickname ?? agent.user.name;
}

/**
 * Picks a colleague (by name) or a room to hand the chat to, from what the server says is there;
 * while the colleague is being asked, says so instead.
 */
export function TransferPicker({ chatRoom, targets, pendingTo, busy = false, error, notice, onTransfer }: TransferPickerProps) {
  const ids = { heading: useId(), select: useId(), hint: useId() };
  const [value, setValue] = useState('');
  const choices = new Map<string, TransferChoice>();
  for (const agent of targets?.agents ?? []) {
    // A colleague of the chat's room takes it there; one of another room, to their first room.
    const room = agent.rooms.includes(chatRoom) ? undefined : agent.rooms[0];
    choices.set(`agent:${agent.user.id}`, { target: room === undefined ? { agentId: agent.user.id } : { agentId: agent.user.id, room }, label: agentLabel(agent) });
  }
  for (const room of targets?.rooms ?? []) choices.set(`room:${room.room}`, { target: { room: room.room }, label: `room ${room.room}` });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const choice = choices.get(value);
    if (choice) onTransfer(choice);
  };

  const agents = targets?.agents ?? [];
  const rooms = targets?.rooms ?? [];
  return (
    <section className="console-transfer" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Transfer</h2>
      {pendingTo !== undefined ? (
        <p className="console-pending" role="status">
          <span className="parley-spinner" aria-hidden="true" /> Transfer to {pendingTo} pending…
        </p>
      ) : (
        <form className="console-inline-form" aria-label="Transfer the chat" onSubmit={submit}>
          <label htmlFor={ids.select}>Transfer to</label>
          <select id={ids.select} value={value} disabled={targets === undefined || busy} aria-describedby={ids.hint} onChange={(event) => setValue(event.target.value)}>
            <option value="">{targets === undefined ? 'Loading…' : 'Choose a colleague or a room'}</option>
            {agents.length > 0 && (
              <optgroup label="Colleagues online">
                {agents.map((agent) => (
                  <option key={agent.user.id} value={`agent:${agent.user.id}`} disabled={!agent.available}>
                    {agent.available ? agentLabel(agent) : `${agentLabel(agent)} (no free slot)`}
                  </option>
                ))}
              </optgroup>
            )}
            {rooms.length > 0 && (
              <optgroup label="Rooms">
                {rooms.map((room) => (
                  <option key={room.room} value={`room:${room.room}`} disabled={room.available === 0}>
                    {`Room ${room.room} (${room.available === 0 ? 'nobody free' : `${room.available} free`})`}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <button type="submit" className="parley-button" data-variant="secondary" disabled={busy || !choices.has(value)}>
            Transfer
          </button>
          <p id={ids.hint} className="console-muted">
            {targets !== undefined && agents.length === 0 ? 'No colleague is online right now.' : 'You keep the chat until they accept.'}
          </p>
        </form>
      )}
      {notice && (
        <p className="console-notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
