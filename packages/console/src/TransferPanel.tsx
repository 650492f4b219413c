import type { Chat as ChatModel } from '@parley/protocol';
import { useParley, useParleyStore } from '@parley/react';
import { useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from './describeError';

export interface TransferPanelProps {
  chat: ChatModel;
  /** The chat left this agent: the desk closes it and says where it went. */
  onTransferred(description: string): void;
}

/**
 * Hands the chat over: to a room (its agents are offered it, the visitor keeps their place by creation
 * time) or to one agent (offered to them alone). The agent who transfers leaves the chat.
 */
export function TransferPanel({ chat, onTransferred }: TransferPanelProps) {
  const client = useParley('TransferPanel');
  const me = client.me?.id;
  const ids = { heading: useId(), room: useId(), agent: useId(), agentHint: useId(), roomHint: useId() };
  const [room, setRoom] = useState('');
  const [agentId, setAgentId] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  // Colleagues whose presence reached this desk (`agent:status` pushes): a hint, not a directory.
  const agents = useParleyStore((state) => state.agents);
  const online = useMemo(
    () => Object.entries(agents).filter(([id, status]) => status === 'online' && id !== me).map(([id]) => id).sort(),
    [agents, me],
  );

  const transfer = async (target: { room?: string; agentId?: string }, description: string) => {
    setPending(true);
    setError(undefined);
    try {
      await client.agent.transfer(chat.id, target);
      onTransferred(description);
    } catch (cause) {
      setError(
        describeError(cause, {
          no_agents: target.agentId ? `${target.agentId} is not online with a free slot.` : `No other agent in ${target.room ?? chat.room} can take it.`,
          not_found: target.agentId ? `There is no agent ${target.agentId}.` : 'That chat no longer exists.',
          conflict: target.agentId === me ? 'You cannot transfer a chat to yourself.' : `${target.agentId ?? 'That agent'} does not serve room ${target.room ?? chat.room}.`,
          invalid_payload: 'Check the room or agent name.',
        }),
      );
      setPending(false);
    }
  };

  const toRoom = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = room.trim() || chat.room;
    void transfer({ room: target }, `Chat transferred to room ${target}.`);
  };

  const toAgent = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = agentId.trim();
    if (target === '') {
      setError('Enter the agent’s username.');
      return;
    }
    void transfer({ agentId: target }, `Chat offered to ${target}.`);
  };

  const onlineText = online.length === 0 ? 'No colleague seen online yet.' : `Online now: ${online.join(', ')}.`;

  return (
    <section className="console-transfer" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Transfer</h2>
      <form className="console-inline-form" aria-label="Transfer to a room" onSubmit={toRoom}>
        <label htmlFor={ids.room}>Room</label>
        <input
          id={ids.room}
          name="room"
          value={room}
          placeholder={chat.room}
          autoCapitalize="none"
          spellCheck={false}
          aria-describedby={ids.roomHint}
          onChange={(event) => setRoom(event.target.value)}
        />
        <button type="submit" className="parley-button" data-variant="secondary" disabled={pending}>
          Transfer to room
        </button>
        <p id={ids.roomHint} className="console-muted">
          Empty: another agent of {chat.room}.
        </p>
      </form>
      <form className="console-inline-form" aria-label="Transfer to an agent" onSubmit={toAgent}>
        <label htmlFor={ids.agent}>Agent</label>
        <input
          id={ids.agent}
          name="agent"
          value={agentId}
          autoCapitalize="none"
          spellCheck={false}
          aria-describedby={ids.agentHint}
          onChange={(event) => setAgentId(event.target.value)}
        />
        <button type="submit" className="parley-button" data-variant="secondary" disabled={pending}>
          Transfer to agent
        </button>
        <p id={ids.agentHint} className="console-muted">
          {onlineText}
        </p>
      </form>
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
