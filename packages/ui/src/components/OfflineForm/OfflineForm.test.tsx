import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OfflineForm } from './OfflineForm';
import { validateOfflineForm } from './validateOfflineForm';
import { defaultStrings } from '../../strings/strings';

describe('validateOfflineForm', () => {
  it('requires every field and a plausible email', () => {
    expect(validateOfflineForm({ name: ' ', email: '', message: '' }, defaultStrings)).toEqual({
      name: 'This field is required.',
      email: 'This field is required.',
      message: 'This field is required.',
    });
    expect(validateOfflineForm({ name: 'A', email: 'a@b', message: 'hi' }, defaultStrings)).toEqual({
      email: 'Enter a valid email address.',
    });
    expect(validateOfflineForm({ name: 'A', email: 'a@b.co', message: 'x'.repeat(4001) }, defaultStrings)).toEqual({
      message: 'Use at most 4000 characters.',
    });
    expect(validateOfflineForm({ name: 'A', email: 'a@b.co', message: 'hi' }, defaultStrings)).toEqual({});
  });
});

describe('OfflineForm', () => {
  it('shows errors, marks fields invalid and focuses the first one', async () => {
    const onSubmit = vi.fn();
    render(<OfflineForm onSubmit={onSubmit} defaultValues={{ name: 'Ada' }} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(email);
    expect(screen.getAllByText('This field is required.')).toHaveLength(2);
    expect(email.getAttribute('aria-describedby')).toBe(screen.getAllByText('This field is required.')[0]!.id);
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBeNull();
  });

  it('submits trimmed values and thanks the visitor', async () => {
    const onSubmit = vi.fn(async () => {});
    render(<OfflineForm onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), ' Ada ');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Message'), 'Call me back');
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Ada', email: 'ada@example.com', message: 'Call me back' });
    expect(await screen.findByText('Thanks! We will get back to you.')).toBeTruthy();
  });

  it('keeps the input and says so when sending fails', async () => {
    const onSubmit = vi.fn(async () => {
      throw new Error('offline');
    });
    render(<OfflineForm onSubmit={onSubmit} defaultValues={{ name: 'Ada', email: 'ada@example.com', message: 'Hi' }} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Send message' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your message could not be sent. Please try again.');
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('Hi');
  });
});

describe('OfflineForm: in a window that already shows the title (issue 15)', () => {
  it('has no heading of its own but keeps the title as its accessible name', () => {
    render(<OfflineForm heading={false} onSubmit={() => {}} />);
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.getByRole('form', { name: 'Leave a message' })).toBeTruthy();
  });
});
