import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify';

describe('linkify', () => {
  it('returns plain text untouched', () => {
    expect(linkify('hello there')).toEqual([{ kind: 'text', text: 'hello there' }]);
  });

  it('finds http, https and mailto links between text', () => {
    expect(linkify('see https://example.com/a?b=1 or mailto:help@example.com now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' or ' },
      { kind: 'link', text: 'mailto:help@example.com', href: 'mailto:help@example.com' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('leaves sentence punctuation outside the link but keeps balanced parentheses', () => {
    expect(linkify('Go to http://example.com.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', text: 'http://example.com', href: 'http://example.com/' },
      { kind: 'text', text: '.' },
    ]);
    const wiki = linkify('(see https://en.wikipedia.org/wiki/Foo_(bar))');
    expect(wiki[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
    expect(wiki[2]).toEqual({ kind: 'text', text: ')' });
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '<img src=x onerror=alert(1)>',
    'file:///etc/passwd',
  ])('never links %s', (payload) => {
    expect(linkify(payload)).toEqual([{ kind: 'text', text: payload }]);
  });

  it('stops a link at quotes and angle brackets, so it cannot break out of an attribute', () => {
    const segments = linkify('https://x.test/"onmouseover="alert(1)');
    expect(segments[0]).toEqual({ kind: 'link', text: 'https://x.test/', href: 'https://x.test/' });
    expect(segments[1]).toEqual({ kind: 'text', text: '"onmouseover="alert(1)' });
  });

  it('safeHref accepts only http, https and mailto', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('http://')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});

describe('linkify: addresses without a scheme', () => {
  it('links www. addresses over https and e-mail addresses as mailto', () => {
    expect(linkify('www.parley.dev and help@parley.dev')).toEqual([
      { kind: 'link', text: 'www.parley.dev', href: 'https://www.parley.dev/' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'help@parley.dev', href: 'mailto:help@parley.dev' },
    ]);
  });

  it('finds the same links in text with or without an address in it', () => {
    // Without `www.` or `@` only scheme links can match (the cheaper pattern); with one, the full one.
    expect(linkify('läs https://exempel.se/å — tack')).toEqual([
      { kind: 'text', text: 'läs ' },
      { kind: 'link', text: 'https://exempel.se/å', href: 'https://exempel.se/%C3%A5' },
      { kind: 'text', text: ' — tack' },
    ]);
    expect(linkify('läs https://exempel.se/å — WWW.exempel.se')).toEqual([
      { kind: 'text', text: 'läs ' },
      { kind: 'link', text: 'https://exempel.se/å', href: 'https://exempel.se/%C3%A5' },
      { kind: 'text', text: ' — ' },
      { kind: 'link', text: 'WWW.exempel.se', href: 'https://www.exempel.se/' },
    ]);
  });

  it('does not link a bare word, a half address or an at-sign handle', () => {
    for (const text of ['www', 'www.', 'ask @ada', 'a@b', 'user@localhost']) expect(linkify(text)).toEqual([{ kind: 'text', text }]);
  });
});
