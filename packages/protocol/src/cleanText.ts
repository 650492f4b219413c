/** An unpaired UTF-16 surrogate: `jsonb` refuses it (found by the fuzzer), `text` silently mangles it. */
export const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string every schema's `text()` accepts: no NUL, no lone surrogate. */
export function isCleanText(value: string): boolean {
  return !value.includes('\u0000') && !loneSurrogate.test(value);
}
