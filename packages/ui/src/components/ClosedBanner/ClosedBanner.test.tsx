import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClosedBanner } from './ClosedBanner';

describe('ClosedBanner', () => {
  it.each([
    ['me', 'You ended the chat.'],
    ['agent', 'The agent ended the chat.'],
    ['system', 'This chat has ended.'],
  ] as const)('says who closed it (%s)', (closedBy, text) => {
    render(<ClosedBanner closedBy={closedBy} />);
    expect(screen.getByRole('status').textContent).toBe(text);
  });

  it('starts a new chat', async () => {
    const onStartNew = vi.fn();
    render(<ClosedBanner onStartNew={onStartNew} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Start a new chat' }));
    expect(onStartNew).toHaveBeenCalledOnce();
  });
});
