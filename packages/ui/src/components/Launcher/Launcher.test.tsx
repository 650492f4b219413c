import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Launcher } from './Launcher';

describe('Launcher', () => {
  it('shows an unread badge and says so in its label', () => {
    const { container } = render(<Launcher open={false} unread={3} />);
    expect(screen.getByRole('button', { name: 'Open chat, 3 unread messages' })).toBeTruthy();
    expect(container.querySelector('.parley-badge')?.textContent).toBe('3');
  });

  it('caps the badge at 99+', () => {
    const { container } = render(<Launcher open={false} unread={250} />);
    expect(container.querySelector('.parley-badge')?.textContent).toBe('99+');
  });

  it('hides the badge when there is nothing unread or the window is open', () => {
    const { container, rerender } = render(<Launcher open={false} unread={0} />);
    expect(container.querySelector('.parley-badge')).toBeNull();
    rerender(<Launcher open unread={4} />);
    expect(container.querySelector('.parley-badge')).toBeNull();
    expect(screen.getByRole('button', { name: 'Hide chat' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('toggles and composes the caller’s onClick', async () => {
    const onOpenChange = vi.fn();
    const onClick = vi.fn();
    render(<Launcher open={false} onOpenChange={onOpenChange} onClick={onClick} theme="dark" />);
    const button = screen.getByRole('button');
    expect(button.getAttribute('data-theme')).toBe('dark');
    expect(button.getAttribute('data-state')).toBe('closed');
    await userEvent.setup().click(button);
    expect(onClick).toHaveBeenCalledOnce();
    expect(onOpenChange).toHaveBeenCalledWith(true);
  });
});
