import { linkify, safeHref } from './linkify';

/**
 * The small Markdown subset chat messages use: **bold**, *italic*, `code`, fenced code blocks, lists
 * and [links](https://…), plus bare URLs, `www.` addresses and e-mail addresses. The result is a tree
 * of plain values that `MessageText` turns into React elements: no HTML is ever parsed or produced,
 * so `<b>` in a message stays the four characters it is.
 *
 * Hand-written rather than a library: the widget ships with React inside a ~115 kB budget, and the
 * libraries that render to React (react-markdown with remark, markdown-to-jsx) bring full CommonMark
 * plus raw-HTML handling that would have to be switched off again, for a few lines of rules here.
 */
export type InlineNode =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: InlineNode[] }
  | { kind: 'em'; children: InlineNode[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: InlineNode[] };

export type BlockNode =
  | { kind: 'paragraph'; children: InlineNode[] }
  | { kind: 'list'; ordered: boolean; start: number; items: InlineNode[][] }
  | { kind: 'codeBlock'; text: string };

const bullet = /^ {0,3}[-*+][ \t]+(.*)$/;
const numbered = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const fence = /^ {0,3}```/;

/** Splits a message into paragraphs, lists and fenced code, then each line into inline nodes. */
export function parseMarkdown(text: string): BlockNode[] {
  const blocks: BlockNode[] = [];
  const lines = text.split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    // Blank lines next to a list or a code block are spacing the block already gives.
    const joined = paragraph.join('\n').replace(/^\n+|\n+$/g, '');
    if (joined !== '') blocks.push({ kind: 'paragraph', children: parseInline(joined) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence.test(line)) {
      const end = lines.findIndex((candidate, j) => j > i && fence.test(candidate));
      // An unclosed fence is just text: the sender may be typing three backticks for another reason.
      if (end !== -1) {
        flush();
        blocks.push({ kind: 'codeBlock', text: lines.slice(i + 1, end).join('\n') });
        i = end;
        continue;
      }
    }
    const item = bullet.exec(line) ?? numbered.exec(line);
    if (item) {
      flush();
      const ordered = item.length === 3;
      const content = item[item.length - 1]!;
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(parseInline(content));
      else blocks.push({ kind: 'list', ordered, start: ordered ? Number(item[1]) : 1, items: [parseInline(content)] });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks;
}

interface Rule {
  pattern: RegExp;
  build: (match: RegExpExecArray, depth: number) => InlineNode;
}

// Emphasis needs text right inside its markers (`2 * 3 * 4` is arithmetic) and, for underscores, no
// letter or digit outside them (snake_case_names stay as they are). All stay within one line.
const rules: Rule[] = [
  { pattern: /`([^`\n]+)`/g, build: (m) => ({ kind: 'code', text: m[1]! }) },
  {
    pattern: /\[([^\]\n]+)\]\(([^()\s]+)\)/g,
    build: (m, depth) => {
      const href = safeHref(m[2]!);
      // A link to anything but http(s) or mailto is shown as the text the sender typed.
      return href ? { kind: 'link', href, children: parseInline(m[1]!, depth + 1, false) } : { kind: 'text', text: m[0] };
    },
  },
  { pattern: /\*\*(?=[^\s*])([^\n]*?[^\s*])\*\*/g, build: (m, depth) => ({ kind: 'strong', children: parseInline(m[1]!, depth + 1) }) },
  {
    pattern: /(?<![\p{L}\p{N}_])__(?=\S)([^\n]*?\S)__(?![\p{L}\p{N}_])/gu,
    build: (m, depth) => ({ kind: 'strong', children: parseInline(m[1]!, depth + 1) }),
  },
  { pattern: /\*(?=[^\s*])([^\n*]*?[^\s*])\*/g, build: (m, depth) => ({ kind: 'em', children: parseInline(m[1]!, depth + 1) }) },
  {
    pattern: /(?<![\p{L}\p{N}_])_(?=[^\s_])([^\n_]*?[^\s_])_(?![\p{L}\p{N}_])/gu,
    build: (m, depth) => ({ kind: 'em', children: parseInline(m[1]!, depth + 1) }),
  },
];

// Deep nesting is never meant; stopping keeps a hostile message from costing more than its length.
const maxDepth = 4;

/**
 * Inline markup of one paragraph or list item. URLs are found first, so the underscores and
 * asterisks inside a link never turn into emphasis.
 */
export function parseInline(text: string, depth = 0, autolink = true): InlineNode[] {
  const nodes: InlineNode[] = [];
  const pushText = (chunk: string) => {
    if (chunk === '') return;
    const previous = nodes[nodes.length - 1];
    if (previous?.kind === 'text') previous.text += chunk;
    else nodes.push({ kind: 'text', text: chunk });
  };
  const pushPlain = (chunk: string) => {
    if (!autolink) return pushText(chunk);
    for (const segment of linkify(chunk)) {
      if (segment.kind === 'link') nodes.push({ kind: 'link', href: segment.href, children: [{ kind: 'text', text: segment.text }] });
      else pushText(segment.text);
    }
  };
  if (depth >= maxDepth) {
    pushText(text);
    return nodes;
  }

  let position = 0;
  while (position < text.length) {
    const rest = text.slice(position);
    const url = autolink ? linkify(rest).find((segment) => segment.kind === 'link') : undefined;
    const urlStart = url ? rest.indexOf(url.text) : Infinity;
    let best: { match: RegExpExecArray; rule: Rule } | undefined;
    for (const rule of rules) {
      rule.pattern.lastIndex = 0;
      const match = rule.pattern.exec(rest);
      if (match && (!best || match.index < best.match.index)) best = { match, rule };
    }
    // Markup that starts inside a URL belongs to the URL; markup that wraps it (`**www.x.com**`) wins.
    if (!best || best.match.index >= urlStart) {
      if (!url) {
        pushPlain(rest);
        break;
      }
      pushPlain(rest.slice(0, urlStart + url.text.length));
      position += urlStart + url.text.length;
      continue;
    }
    pushPlain(rest.slice(0, best.match.index));
    const node = best.rule.build(best.match, depth);
    if (node.kind === 'text') pushText(node.text);
    else nodes.push(node);
    position += best.match.index + best.match[0].length;
  }
  return nodes;
}
