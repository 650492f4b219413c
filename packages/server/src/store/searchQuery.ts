/**
 * A superset of a text-search query that a GIN index answers on its own. `tree` is what PostgreSQL's
 * `querytree()` returns for the query (its negations already removed, `T` when nothing is left);
 * phrase operators (`<->`, `<N>`) become `&`. A phrase needs the words' positions, which the
 * expression index does not keep, so PostgreSQL re-reads and re-parses every candidate message to
 * check it; with `&` the index's answer is final. The exact query is then checked only on the
 * candidates a page needs (see `RecordsTable.search`). Lexemes are quoted (`'a'`, a quote inside
 * doubled), so only text outside quotes is rewritten.
 *
 * Returns `undefined` when no part of the query can use the index (only negated words).
 */
export function indexableQuery(tree: string): string | undefined {
  if (tree.trim() === 'T') return undefined;
  let out = '';
  let quoted = false;
  for (let at = 0; at < tree.length; at++) {
    const char = tree[at]!;
    if (char === "'") quoted = !quoted;
    if (!quoted && char === '<') {
      const operator = /^<(-|\d+)>/.exec(tree.slice(at));
      if (operator !== null) {
        out += '&';
        at += operator[0].length - 1;
        continue;
      }
    }
    out += char;
  }
  return out;
}
