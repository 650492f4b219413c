import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MessageText } from './MessageText';

describe('MessageText', () => {
  it('renders HTML in a message as inert text', () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { container } = render(<MessageText text={payload} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toBe(payload);
  });

  it('keeps javascript: URLs as plain text', () => {
    const { container } = render(<MessageText text="click javascript:alert(1) please" />);
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe('click javascript:alert(1) please');
  });

  it('turns http(s) and mailto URLs into safe anchors', () => {
    render(<MessageText text="docs at https://parley.dev/docs and mailto:hi@parley.dev" />);
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://parley.dev/docs', 'mailto:hi@parley.dev']);
    for (const link of links) {
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
      expect(link.getAttribute('target')).toBe('_blank');
    }
  });
});
