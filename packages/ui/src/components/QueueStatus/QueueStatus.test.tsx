import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueueStatus } from './QueueStatus';

describe('QueueStatus', () => {
  it('announces the queue position', () => {
    const { rerender } = render(<QueueStatus state="waiting" position={3} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('You are number 3 in line.');
    expect(status.getAttribute('data-state')).toBe('waiting');
    rerender(<QueueStatus state="waiting" position={1} />);
    expect(status.textContent).toBe('You are next in line.');
    rerender(<QueueStatus state="waiting" />);
    expect(status.textContent).toBe('Waiting for an agent…');
  });

  it('shows an agent joining while offered', () => {
    render(<QueueStatus state="offered" onRetry={() => {}} />);
    expect(screen.getByRole('status').textContent).toBe('An agent is joining…');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers retry and the offline form when no agent is available', async () => {
    const onRetry = vi.fn();
    const onLeaveMessage = vi.fn();
    render(<QueueStatus state="no-agents" onRetry={onRetry} onLeaveMessage={onLeaveMessage} />);
    expect(screen.getByText('No agent is available right now.')).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await user.click(screen.getByRole('button', { name: 'Leave a message' }));
    expect(onRetry).toHaveBeenCalledOnce();
    expect(onLeaveMessage).toHaveBeenCalledOnce();
  });
});
