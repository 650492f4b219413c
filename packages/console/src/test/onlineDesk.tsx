import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsoleApp } from '../ConsoleApp';
import { openDesk, sessionFrom } from '../deskLink';
import { writeSession } from '../session';
import type { DeskBench } from './deskBench';

/** The console rendered with Ada signed in (a saved session) and set online; the user-event driver. */
export async function onlineDesk(bench: DeskBench) {
  const session = sessionFrom(bench.server, await bench.login(bench.server, { username: 'ada', password: 'pw' }));
  writeSession(bench.storage, session);
  render(<ConsoleApp server={bench.server} storage={bench.storage} login={bench.login} connect={bench.connect} initialDesk={openDesk(session, bench.connect)} />);
  const user = userEvent.setup();
  await user.selectOptions(screen.getByLabelText('Status'), 'online');
  return user;
}
