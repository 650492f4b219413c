import type { HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

export interface TypingIndicatorProps extends HTMLAttributes<HTMLDivElement> {
  /** Display names of the people writing now; empty hides the indicator. */
  names: readonly string[];
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

/**
 * "Anna is typing…". The live region stays mounted while empty: screen readers only announce
 * changes to a region that already exists.
 */
export function TypingIndicator({ names, strings: override, className, ...rest }: TypingIndicatorProps) {
  const strings = useStrings(override);
  const active = names.length > 0;
  return (
    <div {...rest} className={cx('parley-typing', className)} data-state={active ? 'active' : 'idle'} role="status" aria-live="polite">
      {active && (
        <>
          <span className="parley-typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span className="parley-typing-text">{strings.typing(names)}</span>
        </>
      )}
    </div>
  );
}
