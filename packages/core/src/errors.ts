import { isServerErrorCode, ParleyError } from '@parley/protocol';
import type { ParleyErrorCode } from '@parley/protocol';

/** Turns anything thrown at the edges (a socket error, a fetch failure) into the kit's one error type. */
export function toParleyError(error: unknown, fallback: ParleyErrorCode = 'internal'): ParleyError {
  if (error instanceof ParleyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ParleyError(fallback, message);
}

/** Reads `{ code, message }` off an untrusted error body (a REST answer, a `connect_error`'s data). */
export function errorFromBody(body: unknown, fallback: ParleyErrorCode, fallbackMessage: string): ParleyError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : body;
  if (isRecord(error) && isServerErrorCode(error.code)) {
    const message = typeof error.message === 'string' ? error.message : fallbackMessage;
    const details = isRecord(error.details) ? error.details : undefined;
    return new ParleyError(error.code, message, details);
  }
  return new ParleyError(fallback, fallbackMessage);
}

/**
 * Errors worth retrying the same event for: the event never ran (`unavailable`: the server's
 * database or Redis is away for now), or its answer was lost.
 */
export function isTransient(error: ParleyError): boolean {
  return (
    error.code === 'timeout' ||
    error.code === 'disconnected' ||
    error.code === 'rate_limited' ||
    error.code === 'unavailable' ||
    error.code === 'internal'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
