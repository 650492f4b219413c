import { describe, expect, it, vi } from 'vitest';
import type { KeyboardEvent } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { limits } from '@parley/protocol';
import { Composer } from './Composer';

function setup(props: Partial<Parameters<typeof Composer>[0]> = {}) {
  const onSend = vi.fn();
  const onTyping = vi.fn();
  render(<Composer onSend={onSend} onTyping={onTyping} {...props} />);
  return { onSend, onTyping, field: screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement, user: userEvent.setup() };
}

describe('Composer', () => {
  it('sends the trimmed text on Enter and clears the field', async () => {
    const { onSend, field, user } = setup();
    await user.type(field, '  hello  {Enter}');
    expect(onSend).toHaveBeenCalledExactlyOnceWith('hello');
    expect(field.value).toBe('');
  });

  it('inserts a newline on Shift+Enter instead of sending', async () => {
    const { onSend, field, user } = setup();
    await user.type(field, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(onSend).not.toHaveBeenCalled();
    expect(field.value).toBe('line one\nline two');
    await user.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('line one\nline two');
  });

  it('does not send blank messages', async () => {
    const { onSend, field, user } = setup();
    await user.type(field, '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends with the Send button', async () => {
    const { onSend, field, user } = setup();
    await user.type(field, 'by click');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledWith('by click');
  });

  it('reports every edit to onTyping', async () => {
    const { onTyping, field, user } = setup();
    await user.type(field, 'abc{Enter}');
    expect(onTyping.mock.calls.map(([text]) => text)).toEqual(['a', 'ab', 'abc', '']);
  });

  it('is disabled when the chat is closed', async () => {
    const { onSend, field, user } = setup({ closed: true });
    expect(field.disabled).toBe(true);
    expect(field.placeholder).toBe('This chat has ended');
    expect(field.closest('form')?.getAttribute('data-state')).toBe('closed');
    await user.type(field, 'nope{Enter}');
    expect(onSend).not.toHaveBeenCalled();
  });

  it("runs the caller's onKeyDown first and lets it cancel sending", async () => {
    const onKeyDown = vi.fn((event: KeyboardEvent) => event.preventDefault());
    const { onSend, field, user } = setup({ onKeyDown });
    await user.type(field, 'x{Enter}');
    expect(onKeyDown).toHaveBeenCalled();
    expect(onSend).not.toHaveBeenCalled();
  });

  it('works controlled', async () => {
    const onValueChange = vi.fn();
    const { field, user } = setup({ value: 'draft', onValueChange });
    expect(field.value).toBe('draft');
    await user.type(field, '!');
    expect(onValueChange).toHaveBeenCalledWith('draft!');
  });

  it('counts down near the length limit and keeps an over-long draft unsent, with the reason', async () => {
    const { onSend, field, user } = setup({ maxLength: 20 });
    await user.type(field, 'x'.repeat(17));
    expect(screen.queryByText(/characters left/)).toBeNull();
    await user.type(field, 'x');
    expect(screen.getByText('2 characters left')).toBeTruthy();
    await user.type(field, 'xxxxx');
    expect(screen.getByText('3 characters over the limit')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    await user.keyboard('{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    // Nothing was cut off: the writer shortens it and sends.
    expect(field.value).toHaveLength(23);
    await user.keyboard('{Backspace}{Backspace}{Backspace}{Enter}');
    expect(onSend).toHaveBeenCalledExactlyOnceWith('x'.repeat(20));
  });

  it('defaults to the protocol limit', async () => {
    const { field, user } = setup();
    await user.click(field);
    await user.paste('y'.repeat(limits.messageLength + 1));
    expect(screen.getByText('1 characters over the limit')).toBeTruthy();
  });
});
