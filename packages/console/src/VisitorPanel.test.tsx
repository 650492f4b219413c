import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleApp } from './ConsoleApp';
import { openDesk, sessionFrom } from './deskLink';
import { writeSession } from './session';
import { createDeskBench } from './test/deskBench';
import type { DeskBench } from './test/deskBench';
import { historyPageSize } from './VisitorPanel';

let bench: DeskBench | undefined;
afterEach(() => bench?.dispose());

const wait = { timeout: 5000 };

describe('the imported-history panel (issue 13)', () => {
  it(`renders ${historyPageSize} entries at a time, newest last, and pages back on request`, async () => {
    bench = await createDeskBench();
    const session = sessionFrom(bench.server, await bench.login(bench.server, { username: 'ada', password: 'pw' }));
    writeSession(bench.storage, session);
    const link = openDesk(session, bench.connect);
    render(<ConsoleApp server={bench.server} storage={bench.storage} login={bench.login} connect={bench.connect} initialDesk={link} />);
    const user = userEvent.setup();

    const visitorUser = await bench.engine.registerVisitor({ name: 'Vera' });
    const visitor = await bench.clientFor(visitorUser);
    const chat = await visitor.chats.create({ room: 'support', source: 'web' });
    const entries = Array.from({ length: 120 }, (_, index) => ({
      created: 1_700_000_000 + index,
      type: 'text' as const,
      message: `bot line ${index + 1}`,
      sender: 'assistant',
    }));
    await chat.importHistory(entries);
    await user.selectOptions(screen.getByLabelText('Status'), 'online');
    await chat.assign();
    const invitation = await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait);
    await user.click(within(invitation).getByRole('button', { name: 'Accept' }));
    const panel = screen.getByRole('region', { name: 'Visitor' });
    const history = await within(panel).findByRole('list', { name: 'Imported history' }, wait);
    await waitFor(() => expect(within(history).getAllByRole('listitem')).toHaveLength(historyPageSize), wait);
    expect(within(history).getAllByRole('listitem').at(-1)?.textContent).toContain('bot line 120');
    await user.click(within(panel).getByRole('button', { name: `Show ${historyPageSize} earlier of 70` }));
    expect(within(history).getAllByRole('listitem')).toHaveLength(2 * historyPageSize);
    await user.click(within(panel).getByRole('button', { name: 'Show 20 earlier of 20' }));
    expect(within(history).getAllByRole('listitem')).toHaveLength(120);
    expect(within(panel).queryByRole('button', { name: /earlier/ })).toBeNull();
  });
});
