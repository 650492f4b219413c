import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { NoteBubble } from './NoteBubble';
import { makeNote } from '../../test/fixtures';
import { axeViolations } from '../../test/axe';

describe('NoteBubble', () => {
  it('is a note named for its writer, headed "Internal note · only agents see this" in its text', () => {
    render(<NoteBubble note={makeNote('n1', 3, 'ada', 'VIP, refund approved')} mine={false} senderName="Ada" locale="en-GB" />);
    const note = screen.getByRole('note', { name: 'Internal note by Ada' });
    // The label is text, not only a name: a live log reads it out before the words.
    expect(note.textContent).toMatch(/^Internal note · only agents see this\s*Ada.*VIP, refund approved$/);
    expect(note.getAttribute('data-after-seq')).toBe('3');
  });

  it('names the viewer’s own note "You", and an unknown writer by id', () => {
    const { rerender } = render(<NoteBubble note={makeNote('n1', 1, 'ada')} mine />);
    expect(screen.getByRole('note', { name: 'Internal note by You' })).toBeTruthy();
    rerender(<NoteBubble note={makeNote('n1', 1, 'bob-42')} mine={false} />);
    expect(screen.getByRole('note', { name: 'Internal note by bob-42' })).toBeTruthy();
  });

  it('takes translated strings', () => {
    render(<NoteBubble note={makeNote('n1', 1)} mine={false} senderName="Ada" strings={{ internalNote: 'Interne Notiz', noteBy: (name) => `Notiz von ${name}` }} />);
    expect(screen.getByRole('note', { name: 'Notiz von Ada' }).textContent).toContain('Interne Notiz');
  });

  it('keeps note text as text (links made safe like messages), with no axe violations', async () => {
    const { container } = render(<NoteBubble note={makeNote('n1', 1, 'ada', '<img src=x onerror=alert(1)> see https://crm.example/42')} mine={false} senderName="Ada" />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('link', { name: 'https://crm.example/42' })).toBeTruthy();
    expect(await axeViolations(container)).toEqual([]);
  });
});
