import type { ParleyClient } from '@parley/core';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleApp } from './ConsoleApp';
import { openDesk, sessionFrom } from './deskLink';
import { readSession, writeSession } from './session';
import { createDeskBench } from './test/deskBench';
import type { DeskBench } from './test/deskBench';

let bench: DeskBench | undefined;
afterEach(() => bench?.dispose());

const wait = { timeout: 3000 };

/** Ada's desk as after a login (the session saved, the client made before the first render). */
async function adaDesk(current: DeskBench, username = 'ada') {
  const session = sessionFrom(current.server, await current.login(current.server, { username, password: 'pw' }));
  writeSession(current.storage, session);
  const link = openDesk(session, current.connect);
  const view = render(<ConsoleApp server={current.server} storage={current.storage} login={current.login} connect={current.connect} initialDesk={link} />);
  return { link, view, user: userEvent.setup() };
}

async function goOnline(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(screen.getByLabelText('Status'), 'online');
  await waitFor(() => expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('online'));
}

/** Waits for the visitor's invitation on the desk and accepts it, as the agent clicks it. */
async function acceptInvitationFrom(user: ReturnType<typeof userEvent.setup>, visitorName: string) {
  await user.click(await within(await screen.findByRole('listitem', { name: `Invitation from ${visitorName}` }, wait)).findByRole('button', { name: 'Accept' }));
}

const openChats = () => screen.getByRole('navigation', { name: 'Open chats' });
const conversation = () => screen.getByRole('region', { name: 'Conversation' });
const visitorPanel = () => screen.getByRole('region', { name: 'Visitor' });

async function messagesOf(client: ParleyClient, chatId: string): Promise<string[]> {
  const { messages } = await client.send('messages:list', { chatId });
  return messages.map((message) => message.message);
}

describe('the agent desk on an in-process engine', () => {
  it('takes an invitation, shows the visitor, and talks with typing and read receipts', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    expect((await bench.engine.getUser('ada'))?.status).toBe('online');

    const visitorUser = await bench.engine.registerVisitor({ name: 'Vera', contact: 'vera@example.com', extraInfo: { plan: 'pro', orderId: 42 } });
    const visitor = await bench.clientFor(visitorUser);
    const chat = await visitor.chats.create({ room: 'support', source: 'web' });
    await chat.importHistory([{ created: 1_700_000_000, type: 'text', message: 'Bot: what is your order number?', sender: 'assistant' }]);
    await chat.sendMessage('I need help with order 42');
    await chat.assign();

    const invitation = await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait);
    await waitFor(() => expect(within(invitation).getByText('“I need help with order 42”')).toBeTruthy());
    expect(within(invitation).getByRole('timer').textContent).toMatch(/^(29|30) s left to answer$/);
    await user.click(within(invitation).getByRole('button', { name: 'Accept' }));

    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Invitation from Vera' })).toBeNull());
    const item = within(openChats()).getByRole('button', { name: 'Vera support' });
    expect(item.getAttribute('aria-current')).toBe('true');
    expect(within(conversation()).getByRole('heading', { name: 'Vera' })).toBeTruthy();
    // The chat's state as an agent reads it: not the visitor's "Connected", which the desk cannot vouch for.
    await waitFor(() => expect(within(conversation()).getByText('In progress')).toBeTruthy());
    expect(within(conversation()).queryByText('Connected')).toBeNull();
    const composer = within(conversation()).getByRole('textbox', { name: 'Message' });
    await waitFor(() => expect(document.activeElement).toBe(composer));
    await waitFor(() => expect(within(conversation()).getByText('I need help with order 42')).toBeTruthy());

    // The visitor's facts and the history imported before the agent arrived.
    await waitFor(() => expect(within(visitorPanel()).getByRole('link', { name: 'vera@example.com' }).getAttribute('href')).toBe('mailto:vera@example.com'));
    expect(within(visitorPanel()).getByText('plan').nextElementSibling?.textContent).toBe('pro');
    expect(within(visitorPanel()).getByText('orderId').nextElementSibling?.textContent).toBe('42');
    const history = within(visitorPanel()).getByRole('list', { name: 'Imported history' });
    expect(within(history).getByText('Bot: what is your order number?')).toBeTruthy();
    expect(within(history).getByText('Assistant')).toBeTruthy();

    await user.type(composer, 'Hello Vera, let me look.{Enter}');
    await waitFor(async () => expect(await messagesOf(visitor, chat.id)).toContain('Hello Vera, let me look.'));

    await act(() => chat.setActivity('writing'));
    expect(await within(conversation()).findByText('Vera is typing…', {}, wait)).toBeTruthy();
    await act(() => chat.setActivity('stop-writing'));
    await waitFor(() => expect(within(conversation()).queryByText('Vera is typing…')).toBeNull());

    const { messages } = await visitor.send('messages:list', { chatId: chat.id });
    await act(() => chat.markRead(messages.at(-1)!));
    await waitFor(() => expect(within(conversation()).getByRole('img', { name: 'Read' })).toBeTruthy());
  });

  it('lists several chats with unread counts; opening one reads it', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    const vera = await bench.visitorChat({ name: 'Vera' });
    await acceptInvitationFrom(user, 'Vera');
    const otto = await bench.visitorChat({ name: 'Otto' });
    await acceptInvitationFrom(user, 'Otto');
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Otto' })).toBeTruthy());

    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Are you there?'));
    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Hello?'));
    // jsdom puts a space between the name's parts ("support , 2"); Chromium does not.
    const veraItem = await within(openChats()).findByRole('button', { name: /^Vera support ?, 2 unread messages$/ }, wait);
    expect(within(openChats()).getByRole('button', { name: 'Otto support' })).toBeTruthy();

    await user.click(veraItem);
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Vera' })).toBeTruthy());
    expect(within(conversation()).getByText('Hello?')).toBeTruthy();
    // The messages were seen: read receipts went out, and the count stays gone after switching away.
    await user.click(within(openChats()).getByRole('button', { name: 'Otto support' }));
    await waitFor(() => expect(within(openChats()).getByRole('button', { name: 'Vera support' }).getAttribute('data-unread')).toBeNull());
    expect(otto.chatId).not.toBe(vera.chatId);
  });

  it('keeps a half-written reply per chat while the agent answers another one', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    await bench.visitorChat({ name: 'Vera' });
    await acceptInvitationFrom(user, 'Vera');
    await bench.visitorChat({ name: 'Otto' });
    await acceptInvitationFrom(user, 'Otto');
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Otto' })).toBeTruthy());

    const field = () => within(conversation()).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    await user.type(field(), 'Your refund was sent on');
    await user.click(within(openChats()).getByRole('button', { name: /^Vera support/ }));
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Vera' })).toBeTruthy());
    expect(field().value).toBe('');
    await user.type(field(), 'One moment please');
    await user.click(within(openChats()).getByRole('button', { name: /^Otto support/ }));
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Otto' })).toBeTruthy());
    expect(field().value).toBe('Your refund was sent on');
  });

  it('transfers a chat to a colleague picked by name: it stays on the desk until they accept, and comes back when they do not', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    await bench.visitorChat({ name: 'Vera' });
    await acceptInvitationFrom(user, 'Vera');
    const transfer = await screen.findByRole('region', { name: 'Transfer' });
    const picker = within(transfer).getByRole('combobox', { name: 'Transfer to' });

    // Bob is away: nobody to pick, and the room has nobody free.
    await within(transfer).findByText('No colleague is online right now.', {}, wait);
    expect((within(picker).getByRole('option', { name: 'Room support (nobody free)' }) as HTMLOptionElement).disabled).toBe(true);
    expect(within(transfer).queryByRole('textbox')).toBeNull();

    const bob = await bench.clientFor(bench.bob);
    await act(() => bob.agent.setStatus('online'));
    const bobOption = await within(picker).findByRole('option', { name: 'Bob' }, wait);
    await user.selectOptions(picker, bobOption);
    await user.click(within(transfer).getByRole('button', { name: 'Transfer' }));

    // Still Ada's chat while Bob is asked; both sides read the notice in the conversation.
    expect((await within(transfer).findByRole('status')).textContent).toContain('Transfer to Bob pending…');
    expect(within(openChats()).getByRole('button', { name: 'Vera support' })).toBeTruthy();
    expect(await within(conversation()).findByText('Ada is transferring you to Bob.', {}, wait)).toBeTruthy();
    await waitFor(() => expect(Object.keys(bob.store.getState().invitations)).toHaveLength(1));
    const chatId = Object.keys(bob.store.getState().invitations)[0]!;

    // Bob says no: the chat stays, and the panel says so.
    await act(() => bob.agent.reject(chatId));
    expect(await within(transfer).findByText('Bob did not take the chat. It stays with you.', {}, wait)).toBeTruthy();
    expect(within(conversation()).getByText('Bob did not take the chat; Ada stays with you.')).toBeTruthy();

    // Asked again, Bob accepts: only now does the chat leave Ada's desk.
    await user.selectOptions(within(transfer).getByRole('combobox', { name: 'Transfer to' }), await within(transfer).findByRole('option', { name: 'Bob' }, wait));
    await user.click(within(transfer).getByRole('button', { name: 'Transfer' }));
    await within(transfer).findByText(/Transfer to Bob pending…/, {}, wait);
    await waitFor(() => expect(Object.keys(bob.store.getState().invitations)).toHaveLength(1));
    await act(() => bob.agent.accept(chatId));
    expect(await screen.findByText('Chat transferred to Bob.', {}, wait)).toBeTruthy();
    expect(within(openChats()).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Conversation' })).toBeNull();
  });

  it('transfers a chat to another room picked from the list', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    await bench.visitorChat({ name: 'Vera' });
    await acceptInvitationFrom(user, 'Vera');
    const bob = await bench.clientFor(bench.bob);
    await act(() => bob.agent.setStatus('online'));
    const transfer = await screen.findByRole('region', { name: 'Transfer' });
    const picker = within(transfer).getByRole('combobox', { name: 'Transfer to' });
    // Bob serves billing too; the room list is the desk's rooms and the chat's.
    await user.selectOptions(picker, await within(picker).findByRole('option', { name: 'Room support (1 free)' }, wait));
    await user.click(within(transfer).getByRole('button', { name: 'Transfer' }));
    await within(transfer).findByText(/Transfer to room support pending…/, {}, wait);
    await waitFor(() => expect(Object.keys(bob.store.getState().invitations)).toHaveLength(1));
    await act(() => bob.agent.accept(Object.keys(bob.store.getState().invitations)[0]!));
    expect(await screen.findByText('Chat transferred to room support.', {}, wait)).toBeTruthy();
    expect(within(openChats()).queryByRole('button')).toBeNull();
  });

  it('lists closed chats and opens a transcript read-only', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    const vera = await bench.visitorChat({ name: 'Vera' });
    await acceptInvitationFrom(user, 'Vera');
    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Thanks, all sorted.'));
    await within(conversation()).findByText('Thanks, all sorted.', {}, wait);
    const closedList = screen.getByRole('navigation', { name: 'Closed chats' });
    expect(within(closedList).getByText('No closed chats yet.')).toBeTruthy();
    await user.click(within(conversation()).getByRole('button', { name: 'Close chat' }));
    await user.click(await within(conversation()).findByRole('button', { name: 'Dismiss' }));

    const entry = await within(closedList).findByRole('button', { name: /^Vera support/ }, wait);
    await user.click(entry);
    expect(await within(conversation()).findByText('Thanks, all sorted.', {}, wait)).toBeTruthy();
    expect((within(conversation()).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(true);
    expect(screen.queryByRole('region', { name: 'Transfer' })).toBeNull();
  });

  it('rings and notifies for a new invitation and for a message in a chat not in view', async () => {
    bench = await createDeskBench();
    const rings: string[] = [];
    const alerts = { chime: () => rings.push('chime'), notify: (title: string, body: string) => rings.push(`${title}: ${body}`) };
    let asked = 0;
    const session = sessionFrom(bench.server, await bench.login(bench.server, { username: 'ada', password: 'pw' }));
    writeSession(bench.storage, session);
    render(
      <ConsoleApp server={bench.server} storage={bench.storage} login={bench.login} connect={bench.connect} initialDesk={openDesk(session, bench.connect)} alerts={alerts} askPermission={() => asked++} />,
    );
    // A desk restored from a saved session (a reload) never asks for permission.
    expect(asked).toBe(0);
    const user = userEvent.setup();
    await goOnline(user);
    const vera = await bench.visitorChat({ name: 'Vera' });
    await waitFor(() => expect(rings).toEqual(['chime', 'New chat invitation: A visitor in support is waiting for an answer.']));
    await acceptInvitationFrom(user, 'Vera');

    // In view: no ring. Another chat open: a ring and a notification naming the visitor.
    await within(conversation()).findByRole('heading', { name: 'Vera' }, wait);
    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Seen as it comes'));
    await within(conversation()).findByText('Seen as it comes', {}, wait);
    expect(rings).toEqual(['chime', 'New chat invitation: A visitor in support is waiting for an answer.']);
    const otto = await bench.visitorChat({ name: 'Otto' });
    await acceptInvitationFrom(user, 'Otto');
    await within(conversation()).findByRole('heading', { name: 'Otto' }, wait);
    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Hello again'));
    await waitFor(() => expect(rings).toContain('Vera wrote: Hello again'));
    expect(otto.chatId).toBeDefined();
  });

  it('asks for notification permission on login, not before', async () => {
    bench = await createDeskBench();
    let asked = 0;
    render(<ConsoleApp server={bench.server} storage={bench.storage} login={bench.login} connect={bench.connect} askPermission={() => asked++} />);
    expect(asked).toBe(0);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await screen.findByLabelText('Status');
    expect(asked).toBe(1);
  });

  it('closes a chat, shows who ended one, and takes an ended chat off the desk', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    const vera = await bench.visitorChat({ name: 'Vera' });
    await acceptInvitationFrom(user, 'Vera');
    await user.click(await within(conversation()).findByRole('button', { name: 'Close chat' }));
    expect(await within(conversation()).findByText('You ended the chat.')).toBeTruthy();
    expect((within(conversation()).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(true);
    expect(within(openChats()).queryByRole('button')).toBeNull();
    expect((await vera.visitor.chats.get(vera.chatId).get()).status).toBe('closed');
    // Keyboard users carry on where they were: Close turns into Dismiss with the focus on it…
    await waitFor(() => expect(document.activeElement).toBe(within(conversation()).getByRole('button', { name: 'Dismiss' })));
    await user.click(within(conversation()).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: 'Conversation' })).toBeNull();
    // …and Dismiss leaves the focus on the desk, not on the page's body.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('main')));

    const otto = await bench.visitorChat({ name: 'Otto' });
    await acceptInvitationFrom(user, 'Otto');
    await act(() => otto.visitor.chats.get(otto.chatId).close());
    expect(await within(conversation()).findByText('The visitor ended the chat.')).toBeTruthy();
  });

  it('shows an invitation that arrives while the settings are open, and accepting it opens the chat on the desk', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('button', { name: 'Back to the desk' });
    await bench.visitorChat({ name: 'Vera' });
    const invitation = await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait);
    expect(screen.getByRole('button', { name: 'Back to the desk' })).toBeTruthy();
    await user.click(within(invitation).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Vera' })).toBeTruthy(), wait);
    expect(screen.queryByRole('button', { name: 'Back to the desk' })).toBeNull();
  });

  it('rejects an invitation, and counts the seconds left', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    const vera = await bench.visitorChat({ name: 'Vera' });
    const invitation = await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait);
    const first = Number.parseInt(within(invitation).getByRole('timer').textContent ?? '', 10);
    await waitFor(() => expect(Number.parseInt(within(invitation).getByRole('timer').textContent ?? '', 10)).toBeLessThan(first), { timeout: 2500 });
    // With a colleague online the rejected chat goes to bob (alone, ada would be offered it again).
    const bob = await bench.clientFor(bench.bob);
    await act(() => bob.agent.setStatus('online'));
    await user.click(within(invitation).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Invitation from Vera' })).toBeNull());
    expect(screen.getByText('No invitations right now.')).toBeTruthy();
    // The rejected invitation's buttons are gone: the focus stays in the list.
    expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Invitations' }));
    const watchers = (await bob.chats.get(vera.chatId).get('watchers')).watchers ?? [];
    expect(watchers.map((watcher) => watcher.id)).toEqual(['bob']);
  });

  it('goes away and back, survives a reload, and logs out (asked first with a chat open; offline, session cleared)', async () => {
    bench = await createDeskBench();
    const first = await adaDesk(bench);
    await goOnline(first.user);
    await bench.visitorChat({ name: 'Vera' });
    await acceptInvitationFrom(first.user, 'Vera');
    await first.user.selectOptions(screen.getByLabelText('Status'), 'away');
    await waitFor(async () => expect((await bench!.engine.getUser('ada'))?.status).toBe('away'));
    await waitFor(() => expect(readSession(bench!.storage, bench!.server)?.user.status).toBe('away'));

    // A reload: the page is gone; a new one restores the desk from the saved session.
    first.view.unmount();
    first.link.client.disconnect();
    const saved = readSession(bench.storage, bench.server);
    expect(saved).toBeDefined();
    const reloaded = openDesk(saved!, bench.connect);
    render(<ConsoleApp server={bench.server} storage={bench.storage} login={bench.login} connect={bench.connect} initialDesk={reloaded} />);
    expect(await within(openChats()).findByRole('button', { name: 'Vera support' }, wait)).toBeTruthy();
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('away');

    // Vera's chat is still open: leaving asks first, and "Stay" changes nothing.
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    const question = screen.getByRole('alertdialog', { name: 'Log out with 1 open chat?' });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Stay' }));
    await user.click(within(question).getByRole('button', { name: 'Stay' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Log out' }));
    expect(readSession(bench.storage, bench.server)).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Log out' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Log out' }));
    expect(await screen.findByText('You are logged out.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log in' })).toBeTruthy();
    expect(readSession(bench.storage, bench.server)).toBeUndefined();
    expect((await bench.engine.getUser('ada'))?.status).toBe('offline');
    expect(reloaded.client.connection.status).toBe('disconnected');
  });

  it('has no axe violations with an invitation and an open chat', async () => {
    bench = await createDeskBench();
    const { user, view } = await adaDesk(bench);
    await goOnline(user);
    const vera = await bench.visitorChat({ name: 'Vera', contact: '+44 20 7946 0000', extraInfo: { page: '/pricing' } });
    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Hi'));
    await acceptInvitationFrom(user, 'Vera');
    await bench.visitorChat({ name: 'Otto' });
    await screen.findByRole('listitem', { name: 'Invitation from Otto' }, wait);
    await within(visitorPanel()).findByRole('link', { name: '+44 20 7946 0000' });

    // jsdom has no canvas; axe probes one for icon fonts. No colours or layout here: contrast is off.
    HTMLCanvasElement.prototype.getContext = () => null;
    const results = await axe.run(view.container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
