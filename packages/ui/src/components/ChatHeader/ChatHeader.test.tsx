import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChatHeader } from './ChatHeader';

describe('ChatHeader', () => {
  it("shows the agent's name and presence", () => {
    const { container } = render(<ChatHeader title="Anna" agentStatus="away" chatStatus="active" />);
    expect(screen.getByRole('heading', { name: 'Anna' })).toBeTruthy();
    expect(screen.getByText('Away')).toBeTruthy();
    expect(container.querySelector('header')?.getAttribute('data-status')).toBe('away');
  });

  it('falls back to the chat status and the window label', () => {
    render(<ChatHeader chatStatus="waiting" />);
    expect(screen.getByRole('heading', { name: 'Chat' })).toBeTruthy();
    expect(screen.getByText('Waiting for an agent')).toBeTruthy();
  });

  it('has a labelled close button', async () => {
    const onClose = vi.fn();
    render(<ChatHeader title="Anna" onClose={onClose} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Close chat' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('says the link is down instead of a presence or status that is no longer true', () => {
    const { rerender, container } = render(<ChatHeader title="Ada" agentStatus="online" chatStatus="active" connection="connected" />);
    expect(screen.getByText('Online')).toBeTruthy();
    rerender(<ChatHeader title="Ada" agentStatus="online" chatStatus="active" connection="reconnecting" />);
    expect(screen.getByRole('status').textContent).toBe('Connection lost. Reconnecting…');
    expect(screen.queryByText('Online')).toBeNull();
    expect(container.querySelector('header')?.getAttribute('data-connection')).toBe('reconnecting');
    rerender(<ChatHeader chatStatus="active" connection="disconnected" />);
    expect(screen.getByRole('status').textContent).toBe('Offline');
  });
});
