import type { PasswordLinkPurpose, User } from '@parley/protocol';
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../describeError';
import type { PasswordLinkApi } from './adminApi';

export interface PasswordLinkFormProps {
  /** The one-time link's token, from the console's address (`#link=…`). */
  token: string;
  /** Asks the server what the link is for, and sets the password with it. */
  api: PasswordLinkApi;
  /** The password is set: the console goes on to the login form with this username. */
  onDone(username: string): void;
}

const headings: Record<PasswordLinkPurpose, string> = {
  setup: 'Create the first admin',
  invite: 'Welcome to the desk',
  reset: 'Choose a new password',
};

/**
 * What a one-time link opens: the first-run setup (username, name, password of the first admin), an
 * invitation or a password reset (the password only). A used or expired link says so.
 */
export function PasswordLinkForm({ token, api, onDone }: PasswordLinkFormProps) {
  const [link, setLink] = useState<{ purpose: PasswordLinkPurpose; user?: User } | 'invalid' | undefined>(undefined);
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const ids = { heading: useId(), username: useId(), name: useId(), password: useId(), repeat: useId() };

  useEffect(() => {
    let current = true;
    api.peek(token).then(
      (answer) => current && setLink(answer),
      () => current && setLink('invalid'),
    );
    return () => {
      current = false;
    };
  }, [api, token]);

  if (link === undefined) return <main className="console-login"><p role="status">Checking the link…</p></main>;
  if (link === 'invalid') {
    return (
      <main className="console-login">
        <div className="console-login-form">
          <h1>This link cannot be used</h1>
          <p role="alert">It was used already or has expired. Ask an admin for a new one.</p>
        </div>
      </main>
    );
  }

  const setup = link.purpose === 'setup';
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    if (setup && (username.trim() === '' || name.trim() === '')) return setError('Enter a username and a name.');
    if (password.length < 8) return setError('The password needs at least 8 characters.');
    if (password !== repeat) return setError('The two passwords differ.');
    setPending(true);
    setError(undefined);
    try {
      await api.accept({ token, password, ...(setup && { username: username.trim(), name: name.trim() }) });
      onDone(setup ? username.trim() : (link.user?.id ?? ''));
    } catch (cause) {
      setError(
        describeError(cause, {
          invalid_payload: 'Check the fields: a username of letters, digits, ".", "_" or "-", and a password of 8 characters or more.',
          not_found: 'This link was used already or has expired.',
          conflict: 'That username is taken, or an admin exists already.',
        }),
      );
      setPending(false);
    }
  };

  return (
    <main className="console-login">
      <form className="console-login-form" aria-labelledby={ids.heading} noValidate onSubmit={submit}>
        <h1 id={ids.heading}>{headings[link.purpose]}</h1>
        {link.user && <p>Signing in as <strong>{link.user.id}</strong> ({link.user.name}).</p>}
        {setup && (
          <>
            <label htmlFor={ids.username}>Username</label>
            <input id={ids.username} autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} />
            <label htmlFor={ids.name}>Your name</label>
            <input id={ids.name} autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
          </>
        )}
        <label htmlFor={ids.password}>New password</label>
        <input id={ids.password} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        <label htmlFor={ids.repeat}>Repeat the password</label>
        <input id={ids.repeat} type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        {error && (
          <p className="console-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="parley-button" disabled={pending} aria-busy={pending || undefined}>
          Set password
        </button>
      </form>
    </main>
  );
}
