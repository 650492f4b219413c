import { toParleyError } from '@parley/core';
import type { ParleyErrorCode } from '@parley/core';

/** What an agent can do about each failure; the server's own messages are written for developers. */
const generic: Partial<Record<ParleyErrorCode, string>> = {
  disconnected: 'The server cannot be reached. Check the connection and try again.',
  timeout: 'The server did not answer in time. Try again.',
  rate_limited: 'Too many requests in a short time. Wait a moment and try again.',
  unauthorized: 'Your session has ended. Log in again.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'That chat no longer exists.',
  closed: 'That chat has ended.',
  internal: 'Something went wrong on the server. Try again.',
};

/** A sentence for an error shown to the agent; `specific` words the codes that mean something here. */
export function describeError(error: unknown, specific: Partial<Record<ParleyErrorCode, string>> = {}): string {
  const { code } = toParleyError(error);
  return specific[code] ?? generic[code] ?? 'Something went wrong. Try again.';
}
