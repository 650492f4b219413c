import type { ButtonHTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import type { Theme } from '../../types';
import { useStrings } from '../../strings/StringsProvider';
import { composeHandlers, cx } from '../../composeHandlers';

export interface LauncherProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /** Whether the window it opens is open (`aria-expanded`, and the icon it shows). */
  open: boolean;
  /** Called with the opposite of `open` when the button is pressed. */
  onOpenChange?: (open: boolean) => void;
  /** Messages the visitor has not seen; 0 hides the badge. */
  unread?: number;
  /** The launcher lives outside the window, so it takes its own theme. */
  theme?: Theme;
  /** Id of the window it opens, for `aria-controls`. */
  controls?: string;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

const maxBadge = 99;

/** The round button that opens and closes the chat window, with a badge for unread messages. */
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
        {open ? <CloseIcon /> : <ChatIcon />}
      </span>
      {unread > 0 && !open && (
        <span className="parley-badge" aria-hidden="true" data-count={unread}>
          {unread > maxBadge ? `${maxBadge}+` : unread}
        </span>
      )}
    </button>
  );
}

// Drawn, not emoji: emoji fonts are missing on many Linux desktops and render as empty boxes.
function ChatIcon() {
  return (
    <svg width="26" height="26" viewBox="0 0 24 24" fill="currentColor" focusable="false">
      <path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
    </svg>
  );
}

function CloseIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" focusable="false">
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}
