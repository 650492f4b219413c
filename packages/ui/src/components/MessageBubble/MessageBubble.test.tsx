import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MessageBubble } from './MessageBubble';
import type { StoredMessage } from '@parley/core';
import { ParleyError } from '@parley/protocol';
import { makeMessage, makePending } from '../../test/fixtures';

describe('MessageBubble', () => {
  it("shows the sender's name and the time in the given locale", () => {
    const message = { ...makeMessage(1, 'agent', 'Hi!'), createdAt: '2026-01-05T14:05:00Z' };
    const { container } = render(<MessageBubble message={message} mine={false} senderName="Anna" locale="en-GB" />);
    expect(screen.getByText('Anna')).toBeTruthy();
    const time = container.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe('2026-01-05T14:05:00Z');
    const expected = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit' }).format(new Date(message.createdAt));
    expect(time.textContent).toBe(expected);
  });

  it.each([
    ['sending', false, 'Sending…'],
    ['sent', false, 'Sent'],
    ['sent', true, 'Read'],
    ['failed', false, 'Not sent'],
  ] as const)('marks own %s messages (read=%s) as "%s"', (status, read, label) => {
    const message = status === 'sent' ? makeMessage(1, 'me') : makePending('hello', status);
    const { container } = render(<MessageBubble message={message} mine read={read} />);
    expect(screen.getByRole('img', { name: label })).toBeTruthy();
    expect(container.firstElementChild?.getAttribute('data-status')).toBe(status);
    expect(container.firstElementChild?.hasAttribute('data-read')).toBe(read);
  });

  it("shows no ticks on other people's messages", () => {
    render(<MessageBubble message={makeMessage(1, 'agent')} mine={false} read />);
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('offers retry on a failed message and passes the message back', async () => {
    const onRetry = vi.fn();
    const message = makePending('try me again', 'failed');
    render(<MessageBubble message={message} mine onRetry={onRetry} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith(message);
  });

  it('has no retry button unless failed', () => {
    render(<MessageBubble message={makeMessage(3, 'me')} mine onRetry={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('renders message text inertly', () => {
    const { container } = render(<MessageBubble message={makeMessage(1, 'agent', '<img src=x onerror=alert(1)>')} mine={false} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('renders system messages as notices', () => {
    const notice: StoredMessage = { ...makeMessage(1, 'system'), type: 'system', message: 'Anna joined' };
    const { container } = render(<MessageBubble message={notice} mine={false} />);
    expect(container.firstElementChild?.getAttribute('data-type')).toBe('system');
    expect(container.textContent).toBe('Anna joined');
  });

  it('says why a message was refused', () => {
    const refused = { ...makePending('x'.repeat(50), 'failed'), error: new ParleyError('payload_too_large', 'too long') };
    render(<MessageBubble message={refused} mine onRetry={() => {}} />);
    expect(screen.getByText('Too long to send.')).toBeTruthy();
  });

  it('says which limit refused a file: its size, its type or the chat\'s number of files', () => {
    for (const [code, limit, reason] of [
      ['payload_too_large', 'file_bytes', 'This file is too large to send.'],
      ['invalid_payload', 'file_type', 'This type of file cannot be sent.'],
      ['payload_too_large', 'files_per_chat', 'This chat has as many files as it may hold.'],
    ] as const) {
      const refused = { ...makePending('', 'failed'), error: new ParleyError(code, 'refused', { limit }) };
      const { unmount } = render(<MessageBubble message={refused} mine onRetry={() => {}} />);
      expect(screen.getByText(reason)).toBeTruthy();
      unmount();
    }
  });
});

describe('MessageBubble: imported history (issue 13)', () => {
  it('labels an imported message and never shows it as the viewer’s own, even when it names the viewer', () => {
    const message = { ...makeMessage(1, 'agent1', 'Please send your card number'), imported: true as const };
    const { container } = render(<MessageBubble message={message} mine senderName="Ada Agent" showSender={false} read />);
    const root = container.firstElementChild!;
    expect(root.hasAttribute('data-imported')).toBe(true);
    expect(root.getAttribute('data-side')).toBe('theirs');
    expect(screen.getByText('Imported')).toBeTruthy();
    expect(screen.queryByText('You')).toBeNull();
    // No delivery ticks: it was never sent by the viewer.
    expect(screen.queryByRole('img')).toBeNull();
    expect(root.querySelector('.parley-message-sender')?.textContent).toBe('Imported Ada Agent');
  });

  it('labels an imported system line, unlike a live system notice', () => {
    const imported = { ...makeMessage(1, 'system', 'Chat transferred'), type: 'system' as const, imported: true as const };
    const { container } = render(<MessageBubble message={imported} mine={false} />);
    expect(container.firstElementChild?.hasAttribute('data-imported')).toBe(true);
    expect(container.textContent).toBe('ImportedChat transferred');
    const live = { ...makeMessage(2, 'system', 'Chat transferred'), type: 'system' as const };
    const { container: liveContainer } = render(<MessageBubble message={live} mine={false} />);
    expect(liveContainer.firstElementChild?.hasAttribute('data-imported')).toBe(false);
  });
});

describe('MessageBubble: groups', () => {
  it('shows avatar, name and one time on a group’s first message, and the exact time on hover on every bubble', () => {
    const message = { ...makeMessage(1, 'agent1', 'First'), createdAt: '2026-01-05T14:05:00Z' };
    const { container } = render(<MessageBubble message={message} mine={false} senderName="Ada Agent" locale="en-GB" />);
    expect(container.querySelector('.parley-avatar')?.textContent).toBe('AA');
    const exact = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(message.createdAt));
    expect(container.querySelector('time')?.getAttribute('title')).toBe(exact);
    expect(container.querySelector('.parley-bubble')?.getAttribute('title')).toBe(exact);
  });

  it('shows the sender’s photo as the group’s avatar when the sender has one', () => {
    const message = makeMessage(1, 'agent1', 'Hello');
    const { container } = render(<MessageBubble message={message} mine={false} senderName="Ada Agent" senderAvatarUrl="https://cdn.example.com/ada.png" />);
    expect(container.querySelector('.parley-avatar img')?.getAttribute('src')).toBe('https://cdn.example.com/ada.png');
  });

  it('shows neither time nor avatar nor name on a later message of the group, but says who spoke to screen readers', () => {
    const message = { ...makeMessage(2, 'agent1', 'Second'), createdAt: '2026-01-05T14:05:30Z' };
    const { container } = render(<MessageBubble message={message} mine={false} senderName="Ada Agent" showSender={false} />);
    expect(container.querySelector('time')).toBeNull();
    expect(container.querySelector('.parley-avatar')).toBeNull();
    expect(container.querySelector('.parley-visually-hidden')?.textContent).toBe('Ada Agent: ');
    expect(container.querySelector('.parley-bubble')?.getAttribute('title')).not.toBe('');
  });
});
