import type { HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';
import { MessageText } from '../../text/MessageText';

export interface WelcomeProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** The room's greeting (`RoomInfo.welcome`), in chat Markdown. */
  message: string;
  /** Overrides of the built-in strings (its accessible label, `welcomeLabel`). */
  strings?: StringsOverride;
}

/**
 * The team's greeting, shaped like a message from them: above the start form, and in a chat until
 * its first message. Not part of the chat's history: nobody sent it, the room's settings hold it.
 */
export function Welcome({ message, strings: override, className, ...rest }: WelcomeProps) {
  const strings = useStrings(override);
  return (
    <aside {...rest} className={cx('parley-welcome', className)} aria-label={strings.welcomeLabel}>
      <div className="parley-bubble">
        <MessageText text={message} />
      </div>
    </aside>
  );
}
