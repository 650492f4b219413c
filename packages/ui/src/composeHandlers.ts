/**
 * Runs the consumer's handler first, then ours unless the consumer called `preventDefault()`:
 * a handler passed in extends a part's behaviour instead of silently replacing it (radix's rule).
 */
export function composeHandlers<E extends { defaultPrevented: boolean }>(
  theirs: ((event: E) => void) | undefined,
  ours: (event: E) => void,
): (event: E) => void {
  return (event) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}

export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
