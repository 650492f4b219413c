import { toParleyError } from '@parley/core';
import type { SignedIn } from '@parley/core';
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { LoginAgent } from './deskLink';
import { describeError } from './describeError';

export interface LoginFormProps {
  server: string;
  login: LoginAgent;
  onLoggedIn(signedIn: SignedIn): void;
  /** Why the agent is here again (a session that ended); shown above the form. */
  notice?: string | undefined;
  /** Filled in from the start (the username a one-time link just set a password for). */
  initialUsername?: string | undefined;
}

/**
 * Username and password against `POST /v1/agents/login`; errors are said in words, in an alert.
 * Focus starts in the first field left to fill, and returns to the field to fix after an error.
 */
export function LoginForm({ server, login, onLoggedIn, notice, initialUsername = '' }: LoginFormProps) {
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ text: string; wrongCredentials: boolean } | undefined>(undefined);
  const ids = { heading: useId(), username: useId(), password: useId(), error: useId() };
  const usernameField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    if (username.trim() === '' || password === '') {
      setError({ text: 'Enter your username and password.', wrongCredentials: false });
      (username.trim() === '' ? usernameField : passwordField).current?.focus();
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const signedIn = await login(server, { username: username.trim(), password });
      onLoggedIn(signedIn);
    } catch (cause) {
      setPassword('');
      setError({
        text: describeError(cause, {
          unauthorized: 'Wrong username or password.',
          invalid_payload: 'Wrong username or password.',
          // The server tells a deactivated account apart only to whoever knows its password.
          forbidden: 'This account is deactivated. Ask an admin to reactivate it.',
          disconnected: `The server at ${server} cannot be reached. Check the address and try again.`,
        }),
        wrongCredentials: isWrongCredentials(cause),
      });
      setPending(false);
      // The password was just cleared, so that is what to type next; and a click on "Log in" left
      // focus on a button that was disabled meanwhile, which browsers drop to the page.
      passwordField.current?.focus();
    }
  };

  const describedBy = error ? ids.error : undefined;
  return (
    <main className="console-login">
      <form className="console-login-form" aria-labelledby={ids.heading} noValidate onSubmit={submit}>
        <h1 id={ids.heading}>Parley agent desk</h1>
        {notice && (
          <p className="console-notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor={ids.username}>Username</label>
        <input
          ref={usernameField}
          id={ids.username}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          // The form is the whole page: typing should start without a click. A username set by a
          // one-time link is filled in already, so the password comes first then.
          autoFocus={initialUsername === ''}
          value={username}
          aria-invalid={error?.wrongCredentials || undefined}
          aria-describedby={describedBy}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor={ids.password}>Password</label>
        <input
          ref={passwordField}
          id={ids.password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={initialUsername !== ''}
          value={password}
          aria-invalid={error?.wrongCredentials || undefined}
          aria-describedby={describedBy}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error && (
          <p id={ids.error} className="console-error" role="alert">
            {error.text}
          </p>
        )}
        <button type="submit" className="parley-button" disabled={pending} aria-busy={pending || undefined}>
          Log in
        </button>
        <p className="console-muted">Server: {server}</p>
      </form>
    </main>
  );
}

function isWrongCredentials(error: unknown): boolean {
  const { code } = toParleyError(error);
  return code === 'unauthorized' || code === 'invalid_payload';
}
