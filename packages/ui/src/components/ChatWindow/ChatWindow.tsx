import type { HTMLAttributes, ReactNode } from 'react';
import type { StringsOverride } from '../../strings/strings';
import type { Theme } from '../../types';
import { StringsProvider, useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

export interface ChatWindowProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** `light`, `dark`, or `auto` to follow `prefers-color-scheme`. */
  theme?: Theme;
  /** Strings and locale for every part inside the window. */
  strings?: StringsOverride;
  /** BCP 47 tag for times (`Intl.DateTimeFormat`); the nearest `StringsProvider` or `ChatWindow`, else the browser's. */
  locale?: string;
  /** Slots, top to bottom. Each is optional, so the window serves every stage of a chat. */
  header?: ReactNode;
  /** Above the messages: queue status, a connection notice … */
  status?: ReactNode;
  /** The messages (a `MessageList`), or an `OfflineForm` when nobody is available. */
  body?: ReactNode;
  /** Below the messages: a `TypingIndicator`. */
  typing?: ReactNode;
  /** Replaces the composer once the chat ends: a `ClosedBanner`. */
  banner?: ReactNode;
  /** The message field at the bottom: a `Composer`. */
  composer?: ReactNode;
  /** Below everything: a "powered by" line, a privacy note … */
  footer?: ReactNode;
}

/**
 * The window frame: theme, strings and layout for the parts passed in. It holds no chat state, so a
 * store-bound wrapper can fill the slots with whatever the chat's stage needs.
 */
export function ChatWindow({ theme = 'auto', strings, locale, ...props }: ChatWindowProps) {
  return (
    <StringsProvider strings={strings} locale={locale}>
      <ChatWindowFrame theme={theme} {...props} />
    </StringsProvider>
  );
}

function ChatWindowFrame({
  theme,
  header,
  status,
  body,
  typing,
  banner,
  composer,
  footer,
  className,
  ...rest
}: Omit<ChatWindowProps, 'strings' | 'locale'>) {
  const strings = useStrings();
  return (
    <section
      aria-label={strings.windowLabel}
      {...rest}
      className={cx('parley', 'parley-window', className)}
      data-theme={theme === 'auto' ? undefined : theme}
    >
      {header}
      {status}
      <div className="parley-window-body">{body}</div>
      {typing}
      {banner}
      {composer}
      {footer}
    </section>
  );
}
