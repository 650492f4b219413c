import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RatingForm } from './RatingForm';

describe('RatingForm', () => {
  it('is a 1–5 radio group with a comment, sent once, then thanks', async () => {
    const onRate = vi.fn(async () => undefined);
    render(<RatingForm onRate={onRate} />);
    const user = userEvent.setup();
    const group = screen.getByRole('radiogroup', { name: 'How was this chat?' });
    expect(group).toBeTruthy();
    expect(screen.getAllByRole('radio').map((radio) => radio.getAttribute('aria-label'))).toEqual(['1 of 5', '2 of 5', '3 of 5', '4 of 5', '5 of 5']);
    const send = screen.getByRole('button', { name: 'Send rating' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await user.click(screen.getByRole('radio', { name: '4 of 5' }));
    // Native radios sharing one name: one choice at a time (the browser moves it with the arrow keys).
    await user.click(screen.getByRole('radio', { name: '5 of 5' }));
    expect((screen.getByRole('radio', { name: '4 of 5' }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByRole('radio', { name: '5 of 5' }) as HTMLInputElement).checked).toBe(true);
    await user.type(screen.getByRole('textbox', { name: 'Anything to add? (optional)' }), '  Quick and kind  ');
    await user.click(send);
    expect(onRate).toHaveBeenCalledWith({ rating: 5, comment: 'Quick and kind' });
    expect((await screen.findByRole('status')).textContent).toBe('Thank you for your feedback!');
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });

  it('keeps the form and says so when sending fails', async () => {
    render(<RatingForm onRate={() => Promise.reject(new Error('offline'))} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: '2 of 5' }));
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    expect((await screen.findByRole('alert')).textContent).toContain('could not be sent');
    expect(screen.getByRole('radiogroup')).toBeTruthy();
  });

  it('shows only the thanks for a chat rated already', () => {
    render(<RatingForm onRate={async () => undefined} rated />);
    expect(screen.getByRole('status').textContent).toBe('Thank you for your feedback!');
  });
});
