import type { Message } from '@parley/protocol';

/** Delivery state as the client sees it; the server only ever holds `sent` messages. */
export type MessageStatus = 'sending' | 'sent' | 'failed';

/**
 * A message as the UI shows it: the wire model plus the outbox's view of it. Optimistic messages
 * (not yet acknowledged) carry a provisional `id` (the `clientId` works) and `seq` 0 or the
 * expected one; `status` absent means `sent`.
 */
export type UiMessage = Message & { status?: MessageStatus };

/** `auto` follows `prefers-color-scheme`; the others pin a theme with `data-theme`. */
export type Theme = 'light' | 'dark' | 'auto';
