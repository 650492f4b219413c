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

describe('ClosedBanner: the transcript by e-mail', () => {
  it('asks for it and says where it went', async () => {
    const onEmailTranscript = vi.fn(() => Promise.resolve('vera@example.com'));
    render(<ClosedBanner closedBy="me" onEmailTranscript={onEmailTranscript} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Email me the transcript' }));
    expect(onEmailTranscript).toHaveBeenCalledOnce();
    expect(await screen.findByText('The transcript is on its way to vera@example.com.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Email me the transcript' })).toBeNull();
  });

  it('says when it failed, and lets the visitor try again', async () => {
    const onEmailTranscript = vi.fn(() => Promise.reject(new Error('forbidden')));
    render(<ClosedBanner onEmailTranscript={onEmailTranscript} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Email me the transcript' }));
    expect(await screen.findByText('The transcript could not be sent. Please try again later.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Email me the transcript' }));
    expect(onEmailTranscript).toHaveBeenCalledTimes(2);
  });

  it('offers no transcript without a handler', () => {
    render(<ClosedBanner onStartNew={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Email me the transcript' })).toBeNull();
  });
});
