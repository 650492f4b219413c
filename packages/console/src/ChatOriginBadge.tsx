import type { ChatOrigin } from '@parley/protocol';

export interface ChatOriginBadgeProps {
  /** `Chat.origin`: how the chat began; nothing shows for a live chat. */
  origin: ChatOrigin | undefined;
  /** Says what it means for the agent too (the conversation's header, an invitation); lists keep it short. */
  long?: boolean;
}

const labels: Record<ChatOrigin, { short: string; long: string; hint: string }> = {
  'offline-message': {
    short: 'Offline message',
    long: 'Offline message — reply goes by e-mail',
    hint: 'Left while nobody was online. Your replies reach the visitor by e-mail as well as in the chat.',
  },
};

/** Marks a chat that did not begin live, so the agent knows the visitor may be gone and reads replies by e-mail. */
export function ChatOriginBadge({ origin, long = false }: ChatOriginBadgeProps) {
  // A value this console does not know (a newer server) reads as a live chat, as the protocol says.
  const label = origin === undefined ? undefined : labels[origin];
  if (!label) return null;
  return (
    <span className="console-origin" data-origin={origin} title={label.hint}>
      {long ? label.long : label.short}
    </span>
  );
}
