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
      expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      expect(link.getAttribute('target')).toBe('_blank');
    }
  });
});

describe('MessageText: Markdown', () => {
  it('renders bold, italic, code and lists as elements, never HTML', () => {
    const { container } = render(<MessageText text={'**Hi** *there* `<b>x</b>`\n- one\n- <i>two</i>'} />);
    expect(container.querySelector('strong')?.textContent).toBe('Hi');
    expect(container.querySelector('em')?.textContent).toBe('there');
    expect(container.querySelector('code')?.textContent).toBe('<b>x</b>');
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['one', '<i>two</i>']);
    expect(container.querySelector('b, i')).toBeNull();
  });

  it('links www. and e-mail addresses with rel="noopener noreferrer nofollow" in a new tab', () => {
    render(<MessageText text="www.parley.dev or [write us](mailto:hi@parley.dev), hi@parley.dev" />);
    const links = screen.getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['www.parley.dev', 'https://www.parley.dev/'],
      ['write us', 'mailto:hi@parley.dev'],
      ['hi@parley.dev', 'mailto:hi@parley.dev'],
    ]);
    for (const link of links) expect([link.getAttribute('rel'), link.getAttribute('target')]).toEqual(['noopener noreferrer nofollow', '_blank']);
  });

  it('keeps a Markdown link to javascript: as text', () => {
    const { container } = render(<MessageText text="[click](javascript:alert(1))" />);
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe('[click](javascript:alert(1))');
  });
});
