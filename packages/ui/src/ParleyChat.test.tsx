import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createClient, createLocalTransport } from '@parley/core';
import type { ParleyClient } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import { ParleyProvider } from '@parley/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ParleyChat } from './ParleyChat';
import { mockLayout } from './test/layout';

mockLayout();

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A visitor and the agent Ada on one in-process engine. */
async function bench(options: { interval?: number } = {}) {
  const engine = createChatEngine({ store: createMemoryStore(), ...(options.interval ? { defaultIntervalMs: options.interval } : {}) });
  const adaUser = await engine.registerAgent({ id: 'ada', name: 'Ada', rooms: ['support'] });
  const visitorUser = await engine.registerVisitor({ name: 'Vera' });
  const visitor = createClient({ transport: createLocalTransport({ engine, user: visitorUser }), storage: false });
  const ada = createClient({ transport: createLocalTransport({ engine, user: adaUser }), storage: false });
  stops.push(() => {
    visitor.destroy();
    ada.destroy();
    engine.stop();
  });
  await waitFor(() => expect([visitor.connection.status, ada.connection.status]).toEqual(['connected', 'connected']));
  const chat = await visitor.chats.create({ room: 'support', source: 'web' });
  const view = (client: ParleyClient = visitor) =>
    render(
      <ParleyProvider client={client}>
        <ParleyChat chatId={chat.id} />
      </ParleyProvider>,
    );
  return { engine, visitor, ada, chat, view };
}

const log = () => screen.getByRole('log');

describe('ParleyChat on an in-process engine', () => {
  it('sends on Enter, shows the agent reply, and shows the banner when the agent closes', async () => {
    const { ada, chat, view } = await bench();
    view();
    await act(() => chat.assign());
    await act(() => ada.agent.accept(chat.id));
    await waitFor(() => expect(screen.getByRole('heading').textContent).toBe('Ada'));

    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello there{Enter}');
    await waitFor(() => expect(within(log()).getByText('Hello there')).toBeTruthy());

    await act(() => ada.chats.get(chat.id).sendMessage('Hi Vera, how can I help?'));
    await waitFor(() => expect(within(log()).getByText('Hi Vera, how can I help?')).toBeTruthy());

    expect(screen.queryByText('The agent ended the chat.')).toBeNull();
    await act(() => ada.chats.get(chat.id).close());
    await waitFor(() => expect(screen.getByText('The agent ended the chat.')).toBeTruthy());
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(true);
  });

  it('keeps an unsent text when the window is shown again, and forgets it once sent', async () => {
    const { visitor, chat, view } = await bench();
    const user = userEvent.setup();
    const first = view();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'My order number is');
    first.unmount();

    view();
    const field = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    expect(field.value).toBe('My order number is');
    await user.type(field, ' 4411{Enter}');
    await waitFor(() => expect(within(log()).getByText('My order number is 4411')).toBeTruthy());
    expect(field.value).toBe('');
    expect(visitor.drafts.get(chat.id)).toBe('');
  });

  it('shows the queue position while waiting, and "Try again" when no agent answered', async () => {
    const { ada, chat, view } = await bench({ interval: 50 });
    await ada.agent.setStatus('away');
    view();
    await act(() => chat.assign());
    await waitFor(() => expect(screen.getByText('You are next in line.')).toBeTruthy());

    await ada.agent.setStatus('online');
    await waitFor(() => expect(screen.getByText('An agent is joining…')).toBeTruthy());
    await waitFor(() => expect(screen.getByText('No agent is available right now.')).toBeTruthy(), { timeout: 3000 });
    // The header does not contradict it with "Waiting for an agent": nobody is being waited for.
    expect(screen.queryByText('Waiting for an agent')).toBeNull();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByText('No agent is available right now.')).toBeNull());
  });

  it('asks before the header’s close button ends the chat', async () => {
    const { chat, visitor } = await bench();
    let ended = 0;
    render(
      <ParleyProvider client={visitor}>
        <ParleyChat chatId={chat.id} onClose={() => (ended += 1)} />
      </ParleyProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Close chat' }));
    const dialog = screen.getByRole('alertdialog', { name: 'End this chat?' });
    expect(document.activeElement?.textContent).toBe('Keep chatting');
    await user.click(within(dialog).getByRole('button', { name: 'Keep chatting' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(ended).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Close chat' }));
    await user.click(screen.getByRole('button', { name: 'End chat' }));
    expect(ended).toBe(1);
  });

  it('shows "reconnecting" in the header while the link is down, and a refused message’s reason', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
    const user = await engine.registerVisitor({ name: 'Vera' });
    const link = createLocalTransport({ engine, user, reconnectDelayMs: 60_000 });
    const visitor = createClient({ transport: link, storage: false });
    stops.push(() => visitor.destroy());
    const chat = await visitor.chats.create({ room: 'support', source: 'web' });
    render(
      <ParleyProvider client={visitor}>
        <ParleyChat chatId={chat.id} />
      </ParleyProvider>,
    );
    await act(() => chat.sendMessage('x'.repeat(4_500)).catch(() => undefined));
    await waitFor(() => expect(within(log()).getByText('Too long to send.')).toBeTruthy());
    expect(screen.queryByText('Connection lost. Reconnecting…')).toBeNull();
    act(() => link.drop());
    const header = screen.getByRole('banner');
    expect(within(header).getByRole('status').textContent).toBe('Connection lost. Reconnecting…');
  });
});
