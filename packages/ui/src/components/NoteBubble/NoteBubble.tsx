import { memo } from 'react';
import type { HTMLAttributes } from 'react';
import type { Note } from '@parley/protocol';
import type { StringsOverride } from '../../strings/strings';
import { useLocale, useStrings } from '../../strings/StringsProvider';
import { formatDateTime, formatTime } from '../../text/formatTime';
import { MessageText } from '../../text/MessageText';
import { cx } from '../../composeHandlers';

export interface NoteBubbleProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The internal note (`notes:add`, `note:received`): agents' words the visitor never receives. */
  note: Note;
  /** Written by the viewer: named `strings.you`. */
  mine: boolean;
  /** Display name of the writer; unknown writers show their id. */
  senderName?: string;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
  /** BCP 47 tag for times (`Intl.DateTimeFormat`); the nearest `StringsProvider` or `ChatWindow`, else the browser's. */
  locale?: string;
}

/**
 * An internal note among a conversation's messages, for its agents. Tinted and headed "Internal note"
 * on screen; a `note` landmark named for its writer for screen readers, and the heading is text, so
 * the log's live announcement says "Internal note" before the words instead of passing them off as a
 * message. Memoized on its props like `MessageBubble`, so appending to the list leaves it alone.
 */
export const NoteBubble = memo(function NoteBubble({
  note,
  mine,
  senderName,
  strings: override,
  locale: localeOverride,
  className,
  ...rest
}: NoteBubbleProps) {
  const strings = useStrings(override);
  const locale = useLocale(localeOverride);
  const name = mine ? strings.you : (senderName ?? note.sender);
  const exact = formatDateTime(note.createdAt, locale);
  return (
    <div
      {...rest}
      role="note"
      aria-label={strings.noteBy(name)}
      className={cx('parley-note', className)}
      data-side={mine ? 'mine' : 'theirs'}
      data-after-seq={note.afterSeq}
    >
      <div className="parley-note-header">
        <span className="parley-note-label">{strings.internalNote}</span>
        <span className="parley-note-sender">{name}</span>
        <time className="parley-time" dateTime={note.createdAt} title={exact} aria-label={exact}>
          {formatTime(note.createdAt, locale)}
        </time>
      </div>
      <MessageText text={note.message} className="parley-message-text parley-note-text" />
    </div>
  );
});
