import type { ButtonHTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import type { Theme } from '../../types';
import { useStrings } from '../../strings/StringsProvider';
import { composeHandlers, cx } from '../../composeHandlers';

export interface LauncherProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  open: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Messages the visitor has not seen; 0 hides the badge. */
  unread?: number;
  /** The launcher lives outside the window, so it takes its own theme. */
  theme?: Theme;
  /** Id of the window it opens, for `aria-controls`. */
  controls?: string;
  strings?: StringsOverride;
}

const maxBadge = 99;

export function Launcher({
  open,
  onOpenChange,
  unread = 0,
  theme = 'auto',
  controls,
  strings: override,
  className,
  onClick,
  ...rest
}: LauncherProps) {
  const strings = useStrings(override);
  const action = open ? strings.launcherClose : strings.launcherOpen;
  const label = unread > 0 && !open ? `${action}, ${strings.unread(unread)}` : action;
  return (
    <button
      {...rest}
      type="button"
      className={cx('parley', 'parley-launcher', className)}
      data-theme={theme === 'auto' ? undefined : theme}
      data-state={open ? 'open' : 'closed'}
      aria-expanded={open}
      aria-controls={controls}
      aria-label={label}
      onClick={composeHandlers(onClick, () => onOpenChange?.(!open))}
    >
      <span className="parley-launcher-icon" aria-hidden="true">
        {open ? '×' : '💬'}
      </span>
      {unread > 0 && !open && (
        <span className="parley-badge" aria-hidden="true" data-count={unread}>
          {unread > maxBadge ? `${maxBadge}+` : unread}
        </span>
      )}
    </button>
  );
}
