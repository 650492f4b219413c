import type { HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

/**
 * `waiting`: in the queue (`position` from `queues:update`); `offered`: an agent is being invited;
 * `no-agents`: the offers ran out (`forever:alone`) or nobody is online.
 */
export type QueueState = 'waiting' | 'offered' | 'no-agents';

export interface QueueStatusProps extends HTMLAttributes<HTMLDivElement> {
  /** Where the chat stands: `waiting` in the queue, `offered` to an agent, or `no-agents` available. */
  state: QueueState;
  /** 1 = next in line. */
  position?: number;
  /** Queue again (`chats:assign`); shown when no agent is available. */
  onRetry?: () => void;
  /** Offer the offline form instead; shown when no agent is available. */
  onLeaveMessage?: () => void;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

/** A waiting chat's state for the visitor: the queue position, an agent being invited, or nobody available. */
export function QueueStatus({ state, position, onRetry, onLeaveMessage, strings: override, className, ...rest }: QueueStatusProps) {
  const strings = useStrings(override);
  const text =
    state === 'waiting' ? strings.queueWaiting(position) : state === 'offered' ? strings.queueOffered : strings.queueNoAgents;
  return (
    <div {...rest} className={cx('parley-queue', className)} data-state={state} role="status" aria-live="polite">
      {state !== 'no-agents' && <span className="parley-spinner" aria-hidden="true" />}
      <p className="parley-queue-text">{text}</p>
      {state === 'no-agents' && (onRetry || onLeaveMessage) && (
        <div className="parley-actions">
          {onRetry && (
            <button type="button" className="parley-button" onClick={onRetry}>
              {strings.queueRetry}
            </button>
          )}
          {onLeaveMessage && (
            <button type="button" className="parley-button" data-variant="secondary" onClick={onLeaveMessage}>
              {strings.offlineTitle}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
