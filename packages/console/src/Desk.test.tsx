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
    const item = within(openChats()).getByRole('button', { name: 'Vera' });
    expect(item.getAttribute('aria-current')).toBe('true');
    expect(within(conversation()).getByRole('heading', { name: 'Vera' })).toBeTruthy();
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
    await user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait)).findByRole('button', { name: 'Accept' }));
    const otto = await bench.visitorChat({ name: 'Otto' });
    await user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Otto' }, wait)).findByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Otto' })).toBeTruthy());

    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Are you there?'));
    await act(() => vera.visitor.chats.get(vera.chatId).sendMessage('Hello?'));
    const veraItem = await within(openChats()).findByRole('button', { name: 'Vera, 2 unread messages' }, wait);
    expect(within(openChats()).getByRole('button', { name: 'Otto' })).toBeTruthy();

    await user.click(veraItem);
    await waitFor(() => expect(within(conversation()).getByRole('heading', { name: 'Vera' })).toBeTruthy());
    expect(within(conversation()).getByText('Hello?')).toBeTruthy();
    // The messages were seen: read receipts went out, and the count stays gone after switching away.
    await user.click(within(openChats()).getByRole('button', { name: 'Otto' }));
    await waitFor(() => expect(within(openChats()).getByRole('button', { name: 'Vera' }).getAttribute('aria-label')).toBe('Vera'));
    expect(otto.chatId).not.toBe(vera.chatId);
  });

  it('transfers a chat to an agent, and explains a refused transfer', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    await bench.visitorChat({ name: 'Vera' });
    await user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait)).findByRole('button', { name: 'Accept' }));
    const transfer = await screen.findByRole('region', { name: 'Transfer' });

    // Nobody serves a room `sales`, and there is no agent carol; bob is away.
    await user.type(within(transfer).getByRole('textbox', { name: 'Room' }), 'sales');
    await user.click(within(transfer).getByRole('button', { name: 'Transfer to room' }));
    expect((await within(transfer).findByRole('alert')).textContent).toBe('No other agent in sales can take it.');
    const agentField = within(transfer).getByRole('textbox', { name: 'Agent' });
    await user.type(agentField, 'carol{Enter}');
    await waitFor(() => expect(within(transfer).getByRole('alert').textContent).toBe('There is no agent carol.'));
    await user.clear(agentField);
    await user.type(agentField, 'bob{Enter}');
    await waitFor(() => expect(within(transfer).getByRole('alert').textContent).toBe('bob is not online with a free slot.'));

    const bob = await bench.clientFor(bench.bob);
    const bobStore = bob.store;
    await act(() => bob.agent.setStatus('online'));
    await waitFor(() => expect(within(transfer).getByText('Online now: bob.')).toBeTruthy());
    await user.clear(agentField);
    await user.type(agentField, 'bob');
    await user.click(within(transfer).getByRole('button', { name: 'Transfer to agent' }));

    expect(await screen.findByText('Chat offered to bob.')).toBeTruthy();
    expect(within(openChats()).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Conversation' })).toBeNull();
    await waitFor(() => expect(Object.keys(bobStore.getState().invitations)).toHaveLength(1));
    bob.destroy();
  });

  it('transfers a chat to another room', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    await bench.visitorChat({ name: 'Vera' });
    await user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait)).findByRole('button', { name: 'Accept' }));
    const transfer = await screen.findByRole('region', { name: 'Transfer' });
    await user.type(within(transfer).getByRole('textbox', { name: 'Room' }), 'billing{Enter}');
    expect(await screen.findByText('Chat transferred to room billing.')).toBeTruthy();
    expect(within(openChats()).queryByRole('button')).toBeNull();
  });

  it('closes a chat, shows who ended one, and takes an ended chat off the desk', async () => {
    bench = await createDeskBench();
    const { user } = await adaDesk(bench);
    await goOnline(user);
    const vera = await bench.visitorChat({ name: 'Vera' });
    await user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait)).findByRole('button', { name: 'Accept' }));
    await user.click(await within(conversation()).findByRole('button', { name: 'Close chat' }));
    expect(await within(conversation()).findByText('You ended the chat.')).toBeTruthy();
    expect((within(conversation()).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(true);
    expect(within(openChats()).queryByRole('button')).toBeNull();
    expect((await vera.visitor.chats.get(vera.chatId).get()).status).toBe('closed');
    await user.click(within(conversation()).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: 'Conversation' })).toBeNull();

    const otto = await bench.visitorChat({ name: 'Otto' });
    await user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Otto' }, wait)).findByRole('button', { name: 'Accept' }));
    await act(() => otto.visitor.chats.get(otto.chatId).close());
    expect(await within(conversation()).findByText('The visitor ended the chat.')).toBeTruthy();
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
    const watchers = (await bob.chats.get(vera.chatId).get('watchers')).watchers ?? [];
    expect(watchers.map((watcher) => watcher.id)).toEqual(['bob']);
  });

  it('goes away and back, logs out (offline, session cleared), and survives a reload', async () => {
    bench = await createDeskBench();
    const first = await adaDesk(bench);
    await goOnline(first.user);
    await bench.visitorChat({ name: 'Vera' });
    await first.user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait)).findByRole('button', { name: 'Accept' }));
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
    expect(await within(openChats()).findByRole('button', { name: 'Vera' }, wait)).toBeTruthy();
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('away');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Log out' }));
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
    await user.click(await within(await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait)).findByRole('button', { name: 'Accept' }));
    await bench.visitorChat({ name: 'Otto' });
    await screen.findByRole('listitem', { name: 'Invitation from Otto' }, wait);
    await within(visitorPanel()).findByRole('link', { name: '+44 20 7946 0000' });

    // jsdom has no canvas; axe probes one for icon fonts. No colours or layout here: contrast is off.
    HTMLCanvasElement.prototype.getContext = () => null;
    const results = await axe.run(view.container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
