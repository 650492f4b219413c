/** A piece of message text: plain, or a link that is safe to put in an `href`. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Candidates only: every match is re-checked with the URL parser below. Only these schemes can ever
// become links, so `javascript:`, `data:`, `vbscript:` … are never matched and stay plain text.
// Besides URLs with a scheme: `www.` addresses (linked as https) and bare e-mail addresses (mailto).
const candidate =
  /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+|(?<![\w.@/-])www\.[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+[^\s<>"'`]*|(?<![\w.+-])[\w.+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;
// `candidate`'s first alternative alone. Text holding neither `www.` nor an `@` can only match that
// one, so it finds exactly the same links there. Compiling it costs ~1 ms against 12–20 ms for
// `candidate`, whose Unicode letter classes V8 builds from ICU (and case-folds) on first use: a page
// whose first links are plain URLs (`https://…`) never builds them.
const schemeCandidate = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/giu;
const mayHoldAddress = /www\.|@/i;
const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);
// Punctuation that usually ends the sentence around a link rather than belonging to it.
const trailing = /[.,;:!?'"]+$/;

function trimTrailing(raw: string): string {
  let url = raw.replace(trailing, '');
  // Keep a closing parenthesis only when the link opened one (Wikipedia-style URLs).
  while (url.endsWith(')') && count(url, '(') < count(url, ')')) {
    url = url.slice(0, -1).replace(trailing, '');
  }
  return url;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** `www.` addresses open over https; bare e-mail addresses become mailto links. */
function withScheme(url: string): string {
  if (/^(?:https?:\/\/|mailto:)/i.test(url)) return url;
  return url.includes('@') && !/^www\./i.test(url) ? `mailto:${url}` : `https://${url}`;
}

/** Returns a normalized href, or `null` when the text must stay plain. */
export function safeHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!allowedProtocols.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  return url.href;
}

// Every candidate holds one of these (a scheme, `www.` or an `@`): text without any is plain, and
// `candidate` (Unicode classes, case-insensitive; a few ms to compile on a page's first use) is not run.
const mayHoldLink = /https?:\/\/|mailto:|www\.|@/i;

/** Splits message text into plain text and links. The text itself is never interpreted as HTML. */
export function linkify(text: string): TextSegment[] {
  if (!mayHoldLink.test(text)) return text === '' ? [] : [{ kind: 'text', text }];
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(mayHoldAddress.test(text) ? candidate : schemeCandidate)) {
    const start = match.index;
    const url = trimTrailing(match[0]);
    const href = safeHref(withScheme(url));
    if (href === null) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
