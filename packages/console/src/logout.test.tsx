import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleApp } from './ConsoleApp';
import { openDesk, sessionFrom } from './deskLink';
import { writeSession } from './session';
import { createDeskBench } from './test/deskBench';
import type { DeskBench } from './test/deskBench';

let bench: DeskBench | undefined;
afterEach(() => bench?.dispose());

describe('logging out (issue 13)', () => {
  it('revokes the session on the server, then shows the login form', async () => {
    bench = await createDeskBench();
    const session = sessionFrom(bench.server, await bench.login(bench.server, { username: 'ada', password: 'pw' }));
    writeSession(bench.storage, session);
    const revoked: [string, string][] = [];
    render(
      <ConsoleApp
        server={bench.server}
        storage={bench.storage}
        login={bench.login}
        connect={bench.connect}
        initialDesk={openDesk(session, bench.connect)}
        logout={async (server, token) => {
          revoked.push([server, token]);
        }}
      />,
    );
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByText('You are logged out.')).toBeTruthy();
    expect(revoked).toEqual([[bench.server, session.token]]);
  });
});
