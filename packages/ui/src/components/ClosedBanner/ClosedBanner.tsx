import type { HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

export interface ClosedBannerProps extends HTMLAttributes<HTMLDivElement> {
  /** Who ended it: the viewer, the other side, or the server (`closedBy: 'system'`). */
  closedBy?: 'me' | 'agent' | 'system';
  /** Shows a "Start a new chat" button; called when it is pressed. */
  onStartNew?: () => void;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

/** Takes the composer's place once a chat has ended: who ended it, and a way to start a new one. */
export function ClosedBanner({ closedBy = 'system', onStartNew, strings: override, className, ...rest }: ClosedBannerProps) {
  const strings = useStrings(override);
  const text = closedBy === 'me' ? strings.closedByMe : closedBy === 'agent' ? strings.closedByAgent : strings.closedBySystem;
  return (
    <div {...rest} className={cx('parley-closed', className)} data-state="closed" data-closed-by={closedBy} role="status">
      <p className="parley-closed-text">{text}</p>
      {onStartNew && (
        <button type="button" className="parley-button" onClick={onStartNew}>
          {strings.startNewChat}
        </button>
      )}
    </div>
  );
}
