import type { MessageStatus } from '@parley/core';
import type { Strings } from '../../strings/strings';

export interface ReadTicksProps {
  status: MessageStatus;
  read: boolean;
  strings: Strings;
}

/** Delivery marks for one's own messages: a clock while sending, ✓ sent, ✓✓ read by the other side. */
export function ReadTicks({ status, read, strings }: ReadTicksProps) {
  const state = status === 'sent' && read ? 'read' : status;
  const label = strings.messageStatus[state];
  const glyph = state === 'read' ? '✓✓' : state === 'sent' ? '✓' : state === 'sending' ? '◷' : '!';
  return (
    <span className="parley-ticks" data-state={state} role="img" aria-label={label} title={label}>
      <span aria-hidden="true">{glyph}</span>
    </span>
  );
}
