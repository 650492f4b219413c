import { act, render, screen, waitFor } from '@testing-library/react';
import { createClient, createLocalTransport } from '@parley/core';
import { createChatEngine, createMemoryStore } from '@parley/engine';
import { ParleyProvider, useParleyStore } from '@parley/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ParleyChat } from './ParleyChat';
import { mockLayout } from './test/layout';

mockLayout();

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('ParleyChat for an agent (viewer="agent")', () => {
  it('titles the window with what the agent passes, shows the chat status, and renders header actions', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
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
    await chat.assign();

    render(
      <ParleyProvider client={ada}>
        <ParleyChat chatId={chat.id} viewer="agent" title="Vera" headerActions={<button type="button">Transfer</button>} />
      </ParleyProvider>,
    );
    expect(screen.getByRole('heading').textContent).toBe('Vera');
    expect(screen.getByRole('button', { name: 'Transfer' })).toBeTruthy();
    // Offered to this agent: the queue texts speak to the visitor, so none shows here.
    await waitFor(() => expect(screen.getByText('Connecting you to an agent')).toBeTruthy());
    expect(screen.queryByText('An agent is joining…')).toBeNull();

    await act(() => ada.agent.accept(chat.id));
    await waitFor(() => expect(screen.getByText('Connected')).toBeTruthy());
    // The assignee's presence would be the agent's own: not shown.
    expect(screen.queryByText('Online')).toBeNull();
  });

  it('shows the internal notes it is given among the messages, and none it is not given', async () => {
    const engine = createChatEngine({ store: createMemoryStore() });
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
    await chat.assign();
    await act(() => ada.agent.accept(chat.id));
    await chat.sendMessage('My order is late');
    await act(() => ada.agent.addNote(chat.id, 'Order 42 is stuck in customs'));
    await act(async () => void (await ada.chats.get(chat.id).sendMessage('Let me check')));

    const AgentWindow = ({ withNotes }: { withNotes: boolean }) => {
      const notes = useParleyStore((state) => state.notes[chat.id]);
      return <ParleyChat chatId={chat.id} viewer="agent" title="Vera" notes={withNotes ? notes : undefined} />;
    };
    const { rerender } = render(
      <ParleyProvider client={ada}>
        <AgentWindow withNotes />
      </ParleyProvider>,
    );
    const log = screen.getByRole('log');
    await waitFor(() => expect(log.textContent).toContain('Let me check'));
    const texts = [...log.querySelectorAll('.parley-message-text')].map((node) => node.textContent);
    expect(texts).toEqual(['My order is late', 'Order 42 is stuck in customs', 'Let me check']);
    expect(screen.getByRole('note', { name: 'Internal note by You' })).toBeTruthy();

    // What a visitor's window does: no notes passed, none shown, whatever the store holds.
    rerender(
      <ParleyProvider client={ada}>
        <AgentWindow withNotes={false} />
      </ParleyProvider>,
    );
    expect(screen.queryByRole('note')).toBeNull();
    expect(log.textContent).not.toContain('customs');
  });
});
