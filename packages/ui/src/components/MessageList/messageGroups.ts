import type { ChatMessage } from '@parley/core';

// Minutes since the epoch: two messages in the same wall-clock minute compare equal in every time zone.
const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

/** A message starts a group unless the one before is from the same sender, in the same minute. */
export function startsGroup(message: ChatMessage, previous: ChatMessage | undefined): boolean {
  return previous === undefined || previous.sender !== message.sender || previous.type === 'system' || minute(previous.createdAt) !== minute(message.createdAt);
}
