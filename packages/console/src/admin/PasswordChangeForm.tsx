import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../describeError';
import type { AdminApi } from './adminApi';

export interface PasswordChangeFormProps {
  /** Changes the signed-in agent's password (`POST /v1/agents/me/password`). */
  changePassword: AdminApi['changePassword'];
}

/** Any agent changes their own password, proving the current one. */
export function PasswordChangeForm({ changePassword }: PasswordChangeFormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>(undefined);
  const ids = { heading: useId(), current: useId(), next: useId() };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (next.length < 8) return setMessage({ text: 'The new password needs at least 8 characters.', error: true });
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setMessage({ text: 'Your password is changed.', error: false });
    } catch (cause) {
      setMessage({ text: describeError(cause, { forbidden: 'The current password is wrong.' }), error: true });
    }
  };
  return (
    <form className="console-admin-section console-admin-form" aria-labelledby={ids.heading} onSubmit={(event) => void submit(event)}>
      <h2 id={ids.heading}>Your password</h2>
      <label htmlFor={ids.current}>Current password</label>
      <input id={ids.current} type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />
      <label htmlFor={ids.next}>New password</label>
      <input id={ids.next} type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />
      {message && (
        <p className={message.error ? 'console-error' : 'console-muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div className="console-admin-actions">
        <button type="submit" className="parley-button">
          Change password
        </button>
      </div>
    </form>
  );
}
