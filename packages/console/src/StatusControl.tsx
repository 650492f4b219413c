import type { AgentStatus } from '@parley/protocol';
import { useStrings } from '@parley/ui';
import { useId, useState } from 'react';
import { describeError } from './describeError';

export interface StatusControlProps {
  status: AgentStatus | undefined;
  setStatus(status: AgentStatus): Promise<void>;
}

// `offline` is what logging out (or leaving) does; a signed-in agent picks between these two.
const choices: readonly AgentStatus[] = ['online', 'away'];

/** The agent's presence: online agents are offered chats, away ones keep theirs but get no new ones. */
export function StatusControl({ status, setStatus }: StatusControlProps) {
  const strings = useStrings();
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const change = async (next: AgentStatus) => {
    setPending(true);
    setError(undefined);
    try {
      await setStatus(next);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="console-status" data-status={status ?? 'unknown'}>
      <span className="parley-status-dot" aria-hidden="true" />
      <label htmlFor={id}>Status</label>
      <select
        id={id}
        value={status ?? ''}
        disabled={pending}
        onChange={(event) => void change(event.target.value as AgentStatus)}
      >
        {status === undefined && <option value="">Connecting…</option>}
        {status === 'offline' && <option value="offline">{strings.agentStatus.offline}</option>}
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {strings.agentStatus[choice]}
          </option>
        ))}
      </select>
      {error && (
        <span className="console-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
