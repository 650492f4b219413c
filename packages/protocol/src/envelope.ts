import type { ErrorPayload } from './errors';

/** Every ack is one of these two shapes (PROTOCOL.md §2). */
export type AckEnvelope<Data> = { ok: true; data: Data } | { ok: false; error: ErrorPayload };

export function ackOk<Data>(data: Data): AckEnvelope<Data> {
  return { ok: true, data };
}

export function ackError(error: ErrorPayload): AckEnvelope<never> {
  return { ok: false, error };
}
