import type { HTMLAttributes, ReactNode } from 'react';
import type { ConnectionStatus } from '@parley/core';
import type { AgentStatus, ChatStatus } from '@parley/protocol';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

export interface ChatHeaderProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  /** The agent's name once one joined; the window label otherwise. */
  title?: string;
  /** The agent's presence; shown instead of the chat status when given. */
  agentStatus?: AgentStatus;
  /** The chat's status (waiting, active, closed …), shown under the title when no `agentStatus` is given. */
  chatStatus?: ChatStatus;
  /**
   * The link to the server. While it is not up, the header says so instead of the presence or the
   * chat's status (an "Online" or "Connected" that is no longer true).
   */
  connection?: ConnectionStatus;
  /** An avatar or logo (an `Avatar` of the agent). */
  avatar?: ReactNode;
  /** A line under the title while there is no status to show: the team's usual reply time. */
  subtitle?: ReactNode;
  /** Extra controls (a minimize button …) before the close button. */
  actions?: ReactNode;
  /** Shows a close (×) button; called when it is pressed. */
  onClose?: () => void;
  /** The window's heading level within the host page. */
  headingLevel?: 2 | 3 | 4;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

/**
 * The window's title bar: who the visitor talks to and their presence (or the chat's status, or a
 * lost connection), an optional avatar and actions, and the close button.
 */
export function ChatHeader({
  title,
  agentStatus,
  chatStatus,
  connection,
  avatar,
  subtitle,
  actions,
  onClose,
  headingLevel = 2,
  strings: override,
  className,
  ...rest
}: ChatHeaderProps) {
  const strings = useStrings(override);
  const Heading = `h${headingLevel}` as const;
  const linkDown = connection === 'connecting' || connection === 'reconnecting' || connection === 'disconnected' ? connection : undefined;
  const linkText = { connecting: strings.connecting, reconnecting: strings.reconnecting, disconnected: strings.offline };
  const statusText = linkDown
    ? linkText[linkDown]
    : agentStatus
      ? strings.agentStatus[agentStatus]
      : chatStatus
        ? strings.chatStatus[chatStatus]
        : undefined;
  return (
    <header
      {...rest}
      className={cx('parley-header', className)}
      data-status={agentStatus ?? chatStatus}
      data-connection={linkDown}
    >
      {avatar && <div className="parley-header-avatar">{avatar}</div>}
      <div className="parley-header-text">
        <Heading className="parley-header-title">{title ?? strings.windowLabel}</Heading>
        {!statusText && subtitle && <p className="parley-header-status">{subtitle}</p>}
        {statusText && (
          <p className="parley-header-status" role={linkDown ? 'status' : undefined}>
            <span className="parley-status-dot" aria-hidden="true" />
            {statusText}
          </p>
        )}
      </div>
      {actions}
      {onClose && (
        <button type="button" className="parley-icon-button parley-close" onClick={onClose} aria-label={strings.close} title={strings.close}>
          <span aria-hidden="true">×</span>
        </button>
      )}
    </header>
  );
}
