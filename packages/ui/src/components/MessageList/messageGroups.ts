import type { ChatMessage } from '@parley/core';

// Minutes since the epoch: two messages in the same wall-clock minute compare equal in every time zone.
const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

// The server's timestamps are UTC (`2026-01-01T10:05:07.123Z`): two of them are in the same minute
// exactly when they agree up to the minute, which a string comparison tells without parsing dates
// (every row in view asks on every render of the list). Other forms are parsed.
const utc = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z$/;

function sameMinute(a: string, b: string): boolean {
  if (utc.test(a) && utc.test(b)) return a.slice(0, 16) === b.slice(0, 16);
  return minute(a) === minute(b);
}

/** A message starts a group unless the one before is from the same sender, in the same minute. */
export function startsGroup(message: ChatMessage, previous: ChatMessage | undefined): boolean {
  return previous === undefined || previous.sender !== message.sender || previous.type === 'system' || !sameMinute(previous.createdAt, message.createdAt);
}
