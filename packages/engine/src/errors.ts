import { ParleyError } from '@parley/protocol';
import type { ErrorCode } from '@parley/protocol';

/** Shorthand for the engine's refusals: `throw refuse('forbidden', '…')`. */
export function refuse(code: ErrorCode, message: string, details?: Record<string, unknown>): ParleyError {
  return new ParleyError(code, message, details);
}
