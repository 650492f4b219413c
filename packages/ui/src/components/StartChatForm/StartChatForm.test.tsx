import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { StartChatForm } from './StartChatForm';

describe('StartChatForm', () => {
  it('starts with the trimmed name, or none when left empty', async () => {
    const onStart = vi.fn(() => Promise.resolve());
    render(<StartChatForm onStart={onStart} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Your name (optional)'), '  Vera  ');
    await user.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(onStart).toHaveBeenCalledWith('Vera');
    await user.clear(screen.getByLabelText('Your name (optional)'));
    await user.click(screen.getByRole('button', { name: 'Start chat' }));
    await waitFor(() => expect(onStart).toHaveBeenLastCalledWith(undefined));
  });

  it('does not ask for a name the host already knows', () => {
    render(<StartChatForm askName={false} onStart={() => undefined} />);
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('form', { name: 'Chat with us' })).toBeTruthy();
  });

  it('shows the failure and lets the visitor try again, keeping the input', async () => {
    const onStart = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(undefined);
    render(<StartChatForm onStart={onStart} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Your name (optional)'), 'Vera');
    await user.click(screen.getByRole('button', { name: 'Start chat' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The chat could not be started. Please try again.');
    expect((screen.getByLabelText('Your name (optional)') as HTMLInputElement).value).toBe('Vera');
    await user.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(onStart).toHaveBeenCalledTimes(2);
  });

  it('cannot be sent twice while starting', async () => {
    let finish: () => void = () => undefined;
    const onStart = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<StartChatForm askName={false} onStart={onStart} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Start chat' }));
    const busy = screen.getByRole('button', { name: 'Starting…' });
    expect(busy).toHaveProperty('disabled', true);
    finish();
    await screen.findByRole('button', { name: 'Start chat' });
    expect(onStart).toHaveBeenCalledOnce();
  });
});

describe('StartChatForm: in a window that already shows the title (issue 15)', () => {
  it('says the title once: no heading, the title as the form’s name, and the room’s welcome instead of the intro', () => {
    render(<StartChatForm heading={false} welcome="Hi! We are **here**." onStart={() => {}} />);
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.getByRole('form', { name: 'Chat with us' })).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'Welcome message' }).textContent).toBe('Hi! We are here.');
    expect(screen.queryByText('Ask us anything: an agent will join you here.')).toBeNull();
  });
});
