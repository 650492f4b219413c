import type { ParleyClient } from '@parley/core';
import type { CannedResponse, ChatRecordSummary } from '@parley/protocol';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleApp } from './ConsoleApp';
import { openDesk, sessionFrom } from './deskLink';
import type { RecordsApi } from './records';
import { writeSession } from './session';
import { createDeskBench } from './test/deskBench';
import type { DeskBench } from './test/deskBench';

let bench: DeskBench | undefined;
afterEach(() => bench?.dispose());

const wait = { timeout: 5000 };

const canned: CannedResponse[] = [
  { id: 'c1', shortcut: 'refund', text: 'Hi {{visitor.name}}, refunds take 5 days. – {{agent.name}}', room: 'support', updatedAt: '2026-01-01T00:00:00.000Z' },
  { id: 'c2', shortcut: 'greet', text: 'Hello {{visitor.name}}!', owner: 'ada', updatedAt: '2026-01-01T00:00:00.000Z' },
];

function fakeRecords(previous: ChatRecordSummary[] = []): RecordsApi {
  // Saved responses are kept, so the composer's `/` list can be seen picking them up.
  let rows = [...canned];
  return {
    canned: async () => rows,
    saveCanned: async (input) => {
      const saved: CannedResponse = { id: `c${rows.length + 1}`, shortcut: input.shortcut, text: input.text, owner: 'ada', updatedAt: '2026-01-02T00:00:00.000Z' };
      rows = [...rows, saved];
      return saved;
    },
    deleteCanned: async () => undefined,
    search: async () => previous,
    transcript: async () => {
      throw new Error('not here');
    },
    summary: async () => ({ agents: [], rooms: [] }),
  };
}

async function openDeskWithChat(previous: ChatRecordSummary[] = []) {
  bench = await createDeskBench();
  const session = sessionFrom(bench.server, await bench.login(bench.server, { username: 'ada', password: 'pw' }));
  writeSession(bench.storage, session);
  const records = fakeRecords(previous);
  const link = { ...openDesk(session, bench.connect), records };
  render(<ConsoleApp server={bench.server} storage={bench.storage} login={bench.login} connect={bench.connect} initialDesk={link} />);
  const user = userEvent.setup();
  const visitor = await bench.clientFor(await bench.engine.registerVisitor({ name: 'Vera' }));
  const chat = await visitor.chats.create({
    room: 'support',
    source: 'web',
    context: { url: 'https://shop.example/cart', title: 'Your cart', browser: 'Firefox 128', os: 'Linux', language: 'de-CH', timeZone: 'Europe/Zurich', utcOffset: 60 },
  });
  await user.selectOptions(screen.getByLabelText('Status'), 'online');
  await chat.assign();
  const invitation = await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait);
  await user.click(within(invitation).getByRole('button', { name: 'Accept' }));
  return { user, visitor, chatId: chat.id, records };
}

/** The agent's message field (the "Message" textbox) inside the agent composer. */
async function composerField(): Promise<HTMLElement> {
  return waitFor(() => {
    const field = document.querySelector<HTMLElement>('.console-agent-composer textarea');
    if (!field) throw new Error('no composer yet');
    return field;
  }, wait);
}

function texts(client: ParleyClient, chatId: string): string[] {
  return (client.store.getState().messages[chatId]?.toArray() ?? []).map((message) => message.message);
}

describe('the agent toolbox (issue 17)', () => {
  it('shows the visitor context and the previous chats in the visitor panel', async () => {
    const previous: ChatRecordSummary[] = [
      { chat: { id: 'old-1', room: 'support', source: 'web', lang: 'en', creator: 'x', status: 'closed', users: [], createdAt: '2026-01-01T10:00:00.000Z', closedAt: '2026-01-01T10:30:00.000Z', lastSeq: 3 }, visitor: { id: 'x', name: 'Vera' }, agentName: 'Ada', rating: { chatId: 'old-1', rating: 4, createdAt: '2026-01-01T10:31:00.000Z' } },
    ];
    await openDeskWithChat(previous);
    const panel = screen.getByRole('region', { name: 'Visitor' });
    const visit = await within(panel).findByLabelText('Visit', {}, wait);
    expect(within(visit).getByRole('link', { name: 'Your cart' }).getAttribute('href')).toBe('https://shop.example/cart');
    expect(visit.textContent).toContain('Firefox 128 on Linux');
    expect(visit.textContent).toContain('de-CH');
    expect(visit.textContent).toMatch(/\d\d:\d\d \(UTC\+1\) · Europe\/Zurich/);
    const list = await within(panel).findByRole('list', { name: 'Previous chats' }, wait);
    expect(list.textContent).toContain('Ada');
    expect(list.textContent).toContain('rated 4/5');
  });

  it('offers a canned response added on the settings page in the composer without a reload', async () => {
    const { user } = await openDeskWithChat();
    await composerField();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(await screen.findByRole('button', { name: 'Canned responses' }));
    await screen.findByText('/greet', undefined, wait);
    await user.type(screen.getByLabelText('Shortcut'), 'farewell');
    await user.type(screen.getByLabelText('Text'), 'Bye {{{{visitor.name}}');
    await user.click(screen.getByRole('button', { name: 'Add response' }));
    await screen.findByText('/farewell', undefined, wait);
    await user.click(screen.getByRole('button', { name: 'Back to the desk' }));
    const field = await composerField();
    await user.type(field, '/farew');
    const listbox = await screen.findByRole('listbox', { name: 'Canned responses' }, wait);
    expect(within(listbox).getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringContaining('/farewell')]);
  });

  it('offers a canned response a colleague added meanwhile as soon as the agent types / again', async () => {
    const { user, records } = await openDeskWithChat();
    const field = await composerField();
    await user.type(field, '/gr');
    // The list was loaded with this conversation, before the colleague's response existed.
    await screen.findByRole('listbox', { name: 'Canned responses' }, wait);
    await user.clear(field);
    // Saved by a colleague on their own desk: the server stores it, and nothing tells this desk.
    await records.saveCanned({ shortcut: 'holidays', text: 'We are closed on public holidays.', room: 'support' });
    await user.type(field, '/holi');
    const listbox = await screen.findByRole('listbox', { name: 'Canned responses' }, wait);
    expect(within(listbox).getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringContaining('/holidays')]);
  });

  it('inserts a canned response typed with / (fuzzy, keyboard, placeholders filled) and sends it', async () => {
    const { user, visitor, chatId } = await openDeskWithChat();
    const field = await composerField();
    await user.type(field, '/rfd');
    const listbox = await screen.findByRole('listbox', { name: 'Canned responses' }, wait);
    expect(within(listbox).getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringContaining('/refund')]);
    expect(field.getAttribute('aria-controls')).toBe(listbox.id);
    expect(field.getAttribute('aria-activedescendant')).toBe(within(listbox).getAllByRole('option')[0]!.id);
    await user.keyboard('{Enter}');
    const filled = (field as HTMLTextAreaElement).value;
    expect(filled).toMatch(/^Hi Vera, refunds take 5 days\. – \S/);
    expect(filled).not.toContain('{{');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(texts(visitor, chatId)).toContain(filled), wait);
    // Escape closes the list and leaves the text.
    await user.type(field, '/gr');
    await screen.findByRole('listbox', {}, wait);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect((field as HTMLTextAreaElement).value).toBe('/gr');
  });

  it('sends an internal note that the conversation shows, as a note, between the messages around it, and the visitor never receives', async () => {
    const { user, visitor, chatId } = await openDeskWithChat();
    await visitor.chats.get(chatId).sendMessage('Where is my refund?');
    const log = within(await screen.findByRole('region', { name: 'Conversation' }, wait)).getByRole('log');
    await within(log).findByText('Where is my refund?', {}, wait);
    await user.click(await screen.findByRole('checkbox', { name: /Internal note/ }, wait));
    const field = await composerField();
    await user.type(field, 'VIP, refund approved{Enter}');
    const note = await within(log).findByRole('note', { name: 'Internal note by You' }, wait);
    expect(note.textContent).toContain('Internal note · only agents see this');
    expect(note.textContent).toContain('VIP, refund approved');
    await user.click(screen.getByRole('checkbox', { name: /Internal note/ }));
    await user.type(field, 'Your refund is on its way{Enter}');
    await waitFor(() => expect(texts(visitor, chatId)).toContain('Your refund is on its way'), wait);
    await within(log).findByText('Your refund is on its way', {}, wait);
    // In the log, in reading order: the visitor's question, the note, the agent's answer.
    const rows = [...log.querySelectorAll('.parley-message-row')].map((row) => row.textContent ?? '');
    const at = (text: string) => rows.findIndex((row) => row.includes(text));
    expect(at('Where is my refund?')).toBeGreaterThanOrEqual(0);
    expect(at('VIP, refund approved')).toBe(at('Where is my refund?') + 1);
    expect(at('Your refund is on its way')).toBe(at('VIP, refund approved') + 1);
    // No separate list of notes beside the conversation any more.
    expect(screen.queryByRole('region', { name: 'Internal notes' })).toBeNull();
    expect(JSON.stringify(visitor.store.getState())).not.toContain('VIP');
  });
});
