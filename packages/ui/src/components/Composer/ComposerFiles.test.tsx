import { describe, expect, it, vi } from 'vitest';
import { createEvent, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Composer } from './Composer';

const shot = () => new File([new Uint8Array([137, 80, 78, 71])], 'shot.png', { type: 'image/png' });

function setup(props: Partial<Parameters<typeof Composer>[0]> = {}) {
  const onAttach = vi.fn();
  const { container } = render(<Composer onSend={vi.fn()} onAttach={onAttach} {...props} />);
  return { onAttach, form: container.querySelector('form')!, field: screen.getByRole('textbox', { name: 'Message' }), user: userEvent.setup() };
}

describe('Composer: files', () => {
  it('picks files with the attach button', async () => {
    const { onAttach, user, form } = setup();
    const input = form.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, [shot()]);
    expect(onAttach).toHaveBeenCalledOnce();
    expect(onAttach.mock.calls[0]![0].map((file: File) => file.name)).toEqual(['shot.png']);
    expect(screen.getByRole('button', { name: 'Attach a file' })).toBeTruthy();
  });

  it('takes files dropped on it, showing a hint while they are dragged over', () => {
    const { onAttach, form } = setup();
    const dataTransfer = { types: ['Files'], files: [shot()] };
    fireEvent.dragOver(form, { dataTransfer });
    expect(screen.getByText('Drop files to send them')).toBeTruthy();
    fireEvent.drop(form, { dataTransfer });
    expect(onAttach).toHaveBeenCalledOnce();
    expect(screen.queryByText('Drop files to send them')).toBeNull();
  });

  it('takes a pasted screenshot, and leaves pasted text alone', () => {
    const { onAttach, field } = setup();
    const withFile = createEvent.paste(field, { clipboardData: { files: [shot()], types: ['Files'] } });
    fireEvent(field, withFile);
    expect(onAttach).toHaveBeenCalledOnce();
    expect(withFile.defaultPrevented).toBe(true);
    const withText = createEvent.paste(field, { clipboardData: { files: [], types: ['text/plain'], getData: () => 'hi' } });
    fireEvent(field, withText);
    expect(onAttach).toHaveBeenCalledOnce();
    expect(withText.defaultPrevented).toBe(false);
  });

  it('has no attach button without onAttach, and takes no files when the chat is closed', () => {
    const { onAttach, form } = setup({ closed: true });
    expect((screen.getByRole('button', { name: 'Attach a file' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.drop(form, { dataTransfer: { types: ['Files'], files: [shot()] } });
    expect(onAttach).not.toHaveBeenCalled();
  });
});
