import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('parseInline', () => {
  it('reads bold, italic and code', () => {
    expect(parseInline('a **bold** and *it* or _it_ with `x<y>`')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'bold' }] },
      { kind: 'text', text: ' and ' },
      { kind: 'em', children: [{ kind: 'text', text: 'it' }] },
      { kind: 'text', text: ' or ' },
      { kind: 'em', children: [{ kind: 'text', text: 'it' }] },
      { kind: 'text', text: ' with ' },
      { kind: 'code', text: 'x<y>' },
    ]);
  });

  it('leaves arithmetic, snake_case and lone markers alone', () => {
    for (const text of ['2 * 3 * 4', 'call my_function_name now', 'a ** b', 'price: 5*']) {
      expect(parseInline(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('nests italic in bold and links in bold', () => {
    expect(parseInline('**very *much* www.parley.dev**')).toEqual([
      {
        kind: 'strong',
        children: [
          { kind: 'text', text: 'very ' },
          { kind: 'em', children: [{ kind: 'text', text: 'much' }] },
          { kind: 'text', text: ' ' },
          { kind: 'link', href: 'https://www.parley.dev/', children: [{ kind: 'text', text: 'www.parley.dev' }] },
        ],
      },
    ]);
  });

  it('takes [text](url) links for http, https and mailto only', () => {
    expect(parseInline('[the docs](https://parley.dev/docs)')).toEqual([
      { kind: 'link', href: 'https://parley.dev/docs', children: [{ kind: 'text', text: 'the docs' }] },
    ]);
    for (const text of ['[x](javascript:alert(1))', '[x](data:text/html,hi)', '[x](vbscript:msgbox)', '[x](/relative)']) {
      expect(parseInline(text).some((node) => node.kind === 'link')).toBe(false);
      expect(parseInline(text).map((node) => (node.kind === 'text' ? node.text : '')).join('')).toBe(text);
    }
  });

  it('auto-links www. addresses and e-mail addresses, and keeps underscores inside URLs', () => {
    expect(parseInline('mail ana.b+desk@example.co.uk or see www.example.com/a_b_c.')).toEqual([
      { kind: 'text', text: 'mail ' },
      { kind: 'link', href: 'mailto:ana.b+desk@example.co.uk', children: [{ kind: 'text', text: 'ana.b+desk@example.co.uk' }] },
      { kind: 'text', text: ' or see ' },
      { kind: 'link', href: 'https://www.example.com/a_b_c', children: [{ kind: 'text', text: 'www.example.com/a_b_c' }] },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never makes links inside link text', () => {
    const [link] = parseInline('[www.a.com](https://b.com)');
    expect(link).toEqual({ kind: 'link', href: 'https://b.com/', children: [{ kind: 'text', text: 'www.a.com' }] });
  });

  it('stops nesting at a fixed depth', () => {
    const deep = `${'**_'.repeat(20)}x${'_**'.repeat(20)}`;
    const flat = JSON.stringify(parseInline(deep));
    expect(flat.length).toBeLessThan(2_000);
  });
});

describe('parseMarkdown', () => {
  it('splits paragraphs, bullet and numbered lists, and fenced code', () => {
    const blocks = parseMarkdown('Steps:\n1. open\n2. **click**\n\n- a\n* b\n```\n<b>raw</b>\n```\nBye');
    expect(blocks.map((block) => block.kind)).toEqual(['paragraph', 'list', 'list', 'codeBlock', 'paragraph']);
    expect(blocks[1]).toMatchObject({ ordered: true, start: 1 });
    expect(blocks[1]).toMatchObject({ items: [[{ kind: 'text', text: 'open' }], [{ kind: 'strong' }]] });
    expect(blocks[2]).toMatchObject({ ordered: false, items: [[{ text: 'a' }], [{ text: 'b' }]] });
    expect(blocks[3]).toEqual({ kind: 'codeBlock', text: '<b>raw</b>' });
  });

  it('keeps an unclosed fence and line breaks as text', () => {
    expect(parseMarkdown('```not code\nline two')).toEqual([{ kind: 'paragraph', children: [{ kind: 'text', text: '```not code\nline two' }] }]);
  });

  it('numbers an ordered list from its first number', () => {
    expect(parseMarkdown('3. c\n4. d')[0]).toMatchObject({ kind: 'list', ordered: true, start: 3 });
  });
});
