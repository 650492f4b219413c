import type { LimitCode, LimitDetails } from './limitCodes';
import { isLimitCode } from './limitCodes';

/** Codes the server answers with (PROTOCOL.md §2). */
export const serverErrorCodes = [
  'invalid_payload',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'closed',
  'rate_limited',
  'payload_too_large',
  'no_agents',
  'internal',
  // A dependency of the server (its database, Redis) is away: nothing was done; retry shortly.
  'unavailable',
] as const;

/** Codes only a client produces: the ack never came, or the socket is gone. */
export const clientErrorCodes = ['timeout', 'disconnected'] as const;

export type ErrorCode = (typeof serverErrorCodes)[number];
export type ClientErrorCode = (typeof clientErrorCodes)[number];
export type ParleyErrorCode = ErrorCode | ClientErrorCode;

/** The `error` of a failed ack envelope. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * The one error class of the kit: the engine throws it, the server turns it into an ack, the client
 * rejects `send()` with it. Callers branch on `code`, never on `message`.
 */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  readonly code: ParleyErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ParleyErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** The wire form, for an ack. Client-only codes never travel, so they map to `internal`. */
  toPayload(): ErrorPayload {
    const code = isServerErrorCode(this.code) ? this.code : 'internal';
    return this.details === undefined
      ? { code, message: this.message }
      : { code, message: this.message, details: this.details };
  }

  /** The abuse limit that refused, when this is a limit's refusal (`details.limit`). */
  get limit(): LimitCode | undefined {
    const limit = this.details?.limit;
    return isLimitCode(limit) ? limit : undefined;
  }

  /** A refusal by one abuse limit: `code` stays generic, `details.limit` names the limit. */
  static limitRefusal(code: ErrorCode, limit: LimitCode, message: string, details: Record<string, unknown> = {}): ParleyError {
    const limitDetails: LimitDetails = { ...details, limit };
    return new ParleyError(code, message, limitDetails);
  }

  static fromPayload(payload: ErrorPayload): ParleyError {
    return new ParleyError(payload.code, payload.message, payload.details);
  }
}

export function isServerErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (serverErrorCodes as readonly string[]).includes(value);
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError;
}
