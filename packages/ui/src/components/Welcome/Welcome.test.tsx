import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Welcome } from './Welcome';

describe('Welcome', () => {
  it('shows the room’s greeting as a labelled bubble, with its Markdown', () => {
    render(<Welcome message="Hi! Ask us **anything**." />);
    const note = screen.getByRole('complementary', { name: 'Welcome message' });
    expect(note.textContent).toBe('Hi! Ask us anything.');
    expect(note.querySelector('strong')?.textContent).toBe('anything');
  });
});
