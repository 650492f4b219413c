import { loginAgent } from '@parley/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleApp } from './ConsoleApp';
import { LoginForm } from './LoginForm';
import { chooseServer, refusalNotice } from './serverUrl';
import { readSession } from './session';
import { createDeskBench } from './test/deskBench';
import type { DeskBench } from './test/deskBench';

let bench: DeskBench | undefined;
afterEach(() => bench?.dispose());

/** The server's `POST /v1/agents/login`, as `fetch` sees it: ada / pw, a 401 otherwise. */
function fakeServer(current: DeskBench, requests: string[]): typeof fetch {
  return async (input, init) => {
    requests.push(String(input));
    const { username, password } = JSON.parse(String(init?.body)) as { username: string; password: string };
    if (username !== 'ada' || password !== 'pw') {
      return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'invalid credentials' } }), { status: 401 });
    }
    return new Response(JSON.stringify({ user: current.ada, session: { token: 'token-ada', expiresAt: '2099-01-01T00:00:00.000Z' } }), { status: 200 });
  };
}

describe('logging in', () => {
  it('says so in an alert when the password is wrong, then opens the desk and keeps the session', async () => {
    bench = await createDeskBench();
    const requests: string[] = [];
    const fetchImpl = fakeServer(bench, requests);
    render(
      <ConsoleApp
        server={bench.server}
        storage={bench.storage}
        connect={bench.connect}
        login={(server, credentials) => loginAgent(server, credentials, { fetch: fetchImpl })}
      />,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password.');
    expect(requests).toEqual(['http://parley.test/v1/agents/login']);
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');

    // Enter submits from the keyboard.
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}');
    expect(await screen.findByRole('heading', { name: 'Parley agent desk', level: 1 })).toBeTruthy();
    expect(await screen.findByText('Signed in as')).toBeTruthy();
    expect(readSession(bench.storage, bench.server)).toMatchObject({ token: 'token-ada', user: { id: 'ada' } });
  });

  it('says an account is deactivated when the server refuses a right password with forbidden', async () => {
    bench = await createDeskBench();
    const refusing: typeof fetch = async () => new Response(JSON.stringify({ error: { code: 'forbidden', message: 'this account is deactivated' } }), { status: 403 });
    render(<ConsoleApp server={bench.server} storage={bench.storage} connect={bench.connect} login={(server, credentials) => loginAgent(server, credentials, { fetch: refusing })} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('This account is deactivated. Ask an admin to reactivate it.');
  });

  it('asks for both fields before calling the server, and names an unreachable server', async () => {
    bench = await createDeskBench();
    const requests: string[] = [];
    const unreachable: typeof fetch = async (input) => {
      requests.push(String(input));
      throw new TypeError('Failed to fetch');
    };
    render(
      <ConsoleApp
        server={bench.server}
        storage={bench.storage}
        connect={bench.connect}
        login={(server, credentials) => loginAgent(server, credentials, { fetch: unreachable })}
      />,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter your username and password.');
    expect(requests).toEqual([]);

    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The server at http://parley.test cannot be reached. Check the address and try again.'));
    expect(readSession(bench.storage, bench.server)).toBeUndefined();
  });
});

describe('focus on the login form', () => {
  it('starts in the username field, so typing needs no click', async () => {
    bench = await createDeskBench();
    render(<ConsoleApp server={bench.server} storage={bench.storage} connect={bench.connect} login={() => Promise.reject(new Error('not called'))} />);
    expect(document.activeElement).toBe(screen.getByLabelText('Username'));
  });

  it('starts in the password field when a one-time link filled in the username', () => {
    render(<LoginForm server="http://parley.test" login={() => Promise.reject(new Error('not called'))} onLoggedIn={() => undefined} initialUsername="boss" />);
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
  });

  it('goes to the cleared password after a refused login, and to the empty field when one is missing', async () => {
    bench = await createDeskBench();
    const fetchImpl = fakeServer(bench, []);
    render(
      <ConsoleApp
        server={bench.server}
        storage={bench.storage}
        connect={bench.connect}
        login={(server, credentials) => loginAgent(server, credentials, { fetch: fetchImpl })}
      />,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter your username and password.');
    expect(document.activeElement).toBe(screen.getByLabelText('Username'));

    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));

    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Wrong username or password.'));
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
  });
});

describe('a refused ?server= link (issue 13)', () => {
  it('explains the refusal on the login form and logs in at the console’s own server only', async () => {
    bench = await createDeskBench();
    const requests: string[] = [];
    const fetchImpl = fakeServer(bench, requests);
    const choice = chooseServer({ origin: bench.server, search: '?server=https://evil.example' }, []);
    render(
      <ConsoleApp
        server={choice.server}
        storage={bench.storage}
        connect={bench.connect}
        login={(server, credentials) => loginAgent(server, credentials, { fetch: fetchImpl })}
        initialNotice={refusalNotice(choice)}
      />,
    );
    expect(screen.getByRole('status').textContent).toContain('asked the console to sign in at https://evil.example');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'pw{Enter}');
    expect(await screen.findByText('Signed in as')).toBeTruthy();
    expect(requests).toEqual([`${bench.server}/v1/agents/login`]);
  });
});
