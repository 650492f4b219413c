import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { TypingIndicator } from './TypingIndicator';

describe('TypingIndicator', () => {
  it('keeps an empty live region mounted while nobody types', () => {
    render(<TypingIndicator names={[]} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('');
    expect(status.getAttribute('data-state')).toBe('idle');
  });

  it.each([
    [['Anna'], 'Anna is typing…'],
    [['Anna', 'Bo'], 'Anna and Bo are typing…'],
    [['Anna', 'Bo', 'Cy'], 'Several people are typing…'],
  ])('announces %j', (names, text) => {
    render(<TypingIndicator names={names} />);
    expect(screen.getByRole('status').textContent).toBe(text);
    expect(screen.getByRole('status').getAttribute('data-state')).toBe('active');
  });
});
