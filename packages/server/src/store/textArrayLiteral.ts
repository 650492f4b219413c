/** What must be backslashed inside a quoted element of an array literal. */
const backslashed = /["\\]/g;

function needsOnlyQuotes(value: string | null): boolean {
  return value !== null && !value.includes('"') && !value.includes('\\');
}

function quoted(value: string | null): string {
  return value === null ? 'NULL' : `"${value.replace(backslashed, '\\$&')}"`;
}

/**
 * A `text[]` parameter written as PostgreSQL's array literal (`{"a","b",NULL}`), as the driver
 * would send the array itself — every element quoted, `"` and `\` backslashed — but built with one
 * join: the driver concatenates it an element at a time, and the append statement's eight arrays
 * made that a kilobyte of garbage per message on the server's thread. PostgreSQL and PGlite read a
 * string sent for a `text[]` parameter as this literal.
 */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  if (values.length === 0) return '{}';
  // The usual case, ids and plain text: no element needs more than its quotes.
  if (values.every(needsOnlyQuotes)) return `{"${values.join('","')}"}`;
  return `{${values.map(quoted).join(',')}}`;
}
