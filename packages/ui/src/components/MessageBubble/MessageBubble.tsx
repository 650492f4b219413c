import { memo } from 'react';
import type { HTMLAttributes } from 'react';
import type { ChatMessage } from '@parley/core';
import { isStored, messageStatus } from '@parley/core';
import type { StringsOverride } from '../../strings/strings';
import { useLocale, useStrings } from '../../strings/StringsProvider';
import { formatDateTime, formatTime } from '../../text/formatTime';
import { cx } from '../../composeHandlers';
import { Avatar } from '../Avatar/Avatar';
import { MessageBody } from './MessageBody';
import { ReadTicks } from './ReadTicks';

export interface MessageBubbleProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The message to show, in any state: sending, sent or failed. */
  message: ChatMessage;
  /** Sent by the viewer: aligned to the end, with delivery ticks. */
  mine: boolean;
  /** Display name of the sender; the viewer's own messages use `strings.you`. */
  senderName?: string;
  /** The sender's photo (http/https); initials on a colour derived from the sender id otherwise. */
  senderAvatarUrl?: string;
  /**
   * First message of a group (same sender, same minute): shows the sender's avatar, name and the
   * group's one timestamp. Later messages of the group show the bubble alone, with the exact time on
   * hover. A list decides it from the previous message only, so appending never re-renders older rows.
   */
  showSender?: boolean;
  /** Someone else has read up to this message's `seq`. */
  read?: boolean;
  /** Shown as a Retry button on failed messages. */
  onRetry?: (message: ChatMessage) => void;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
  /** BCP 47 tag for times (`Intl.DateTimeFormat`); the nearest `StringsProvider` or `ChatWindow`, else the browser's. */
  locale?: string;
}

/**
 * One message. Primitive props only change for the message they describe, so a list can memoize
 * rows and re-render just the one that changed.
 */
export const MessageBubble = memo(function MessageBubble({
  message,
  mine,
  senderName,
  senderAvatarUrl,
  showSender = true,
  read = false,
  onRetry,
  strings: override,
  locale: localeOverride,
  className,
  ...rest
}: MessageBubbleProps) {
  const strings = useStrings(override);
  const locale = useLocale(localeOverride);
  const status = messageStatus(message);
  // Imported history is a record of another conversation, whoever it names as sender: always labelled,
  // never the viewer's own "You" bubble with ticks, never a live system notice (issue 13).
  const imported = isStored(message) && message.imported === true;
  const importedLabel = imported ? <span className="parley-imported-label">{strings.imported}</span> : null;

  if (message.type === 'system') {
    return (
      <div {...rest} className={cx('parley-message', className)} data-type="system" data-imported={imported ? '' : undefined}>
        {importedLabel}
        <MessageBody message={message} />
      </div>
    );
  }

  const own = mine && !imported;
  const name = own ? strings.you : (senderName ?? message.sender);
  const groupStart = showSender || imported;
  const exact = formatDateTime(message.createdAt, locale);
  return (
    <div
      {...rest}
      className={cx('parley-message', className)}
      data-type={message.type}
      data-side={own ? 'mine' : 'theirs'}
      data-status={status}
      data-read={own && read ? '' : undefined}
      data-imported={imported ? '' : undefined}
      data-group-start={groupStart ? '' : undefined}
    >
      {groupStart && (
        <div className="parley-message-header">
          {!own && (
            <span className="parley-message-sender">
              {importedLabel} {name}
            </span>
          )}
          {/* One time per group; focusable so keyboard users can read the exact date in its tooltip. */}
          <time className="parley-time" dateTime={message.createdAt} title={exact} aria-label={exact} data-exact={exact} tabIndex={0}>
            {formatTime(message.createdAt, locale)}
          </time>
        </div>
      )}
      <div className="parley-message-line">
        {!own && (
          <span className="parley-avatar-slot">{groupStart && <Avatar id={message.sender} name={name} src={senderAvatarUrl} />}</span>
        )}
        <div className="parley-bubble" title={exact}>
          {/* Who spoke is visual only for a group's later messages; screen readers always hear it. */}
          {(!groupStart || own) && <span className="parley-visually-hidden">{name}: </span>}
          <MessageBody message={message} />
        </div>
        {own && (
          <div className="parley-message-meta">
            <ReadTicks status={status} read={read} strings={strings} />
            {message.status === 'failed' && message.error && (
              <span className="parley-failed-reason" data-code={message.error.code}>
                {strings.notSentReason(message.error.code, message.error.limit)}
              </span>
            )}
            {status === 'failed' && onRetry && (
              <button type="button" className="parley-retry" onClick={() => onRetry(message)}>
                {strings.retry}
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
});
