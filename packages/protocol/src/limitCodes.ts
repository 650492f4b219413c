/**
 * Each abuse limit's own code (issue 13). A refusal keeps its generic `ErrorCode` (`rate_limited`,
 * `not_found`, `payload_too_large`, `invalid_payload`: clients branch on it) and names the limit that
 * refused in `details.limit`, one of these; the server counts it in `parley_limit_refusals_total{limit}`.
 */
export const limitCodes = [
  // REST
  'signups_per_ip',
  'login_attempts',
  'login_concurrency',
  'request_bytes',
  // the socket handshake
  'sockets_per_ip',
  'sockets_per_user',
  // any event
  'events_per_socket',
  'events_per_user',
  'payload_bytes',
  'field_size',
  // what a visitor creates
  'chats_per_visitor',
  'unknown_room',
  'offer_bounds',
  'history_per_chat',
  // files (POST /v1/chats/:chatId/files)
  'file_bytes',
  'file_type',
  'files_per_chat',
] as const;

export type LimitCode = (typeof limitCodes)[number];

export function isLimitCode(value: unknown): value is LimitCode {
  return typeof value === 'string' && (limitCodes as readonly string[]).includes(value);
}

/** `details` of a limit's refusal: the limit's code, plus what the limit was (`max`, `retryAfterMs` …). */
export interface LimitDetails extends Record<string, unknown> {
  limit: LimitCode;
}
