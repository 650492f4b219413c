import type { z } from 'zod';
import { ParleyError } from './errors';
import type { ClientCommand, ClientEventName } from './events';
import { isClientEventName } from './events';
import { clientPayloadSchemas, TOO_LARGE } from './schemas';
import { fastTextSend } from './sendFastPath';

export interface PayloadIssue {
  path: string;
  message: string;
}

/**
 * Validates a client payload against its event's schema. Unknown events and bad payloads become a
 * `ParleyError` (`invalid_payload`, or `payload_too_large` for a size limit) whose message names the
 * offending path, so a developer can fix the call from the error alone.
 */
export function parseClientPayload<E extends ClientEventName>(event: E, payload: unknown): ClientCommand<E>;
export function parseClientPayload(event: string, payload: unknown): ClientCommand<ClientEventName>;
export function parseClientPayload(event: string, payload: unknown): ClientCommand<ClientEventName> {
  if (!isClientEventName(event)) {
    throw new ParleyError('invalid_payload', `unknown event ${JSON.stringify(String(event)).slice(0, 80)}`);
  }
  if (event === 'messages:send') {
    const command = fastTextSend(payload);
    if (command) return command;
  }
  // The seed's `user:focus` carries no data; treat a missing payload as an empty object everywhere so
  // the error names the missing fields instead of "expected object".
  return parseWithSchema(clientPayloadSchemas[event], payload ?? {}, event);
}

/**
 * Parses `value` with any schema, refusing it the way client events are refused: `label` (an event
 * name, a route) opens the message. The REST bodies use it too, so both speak one error format.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw toParleyError(label, result.error);
}

/** Issues listed in one error; a payload with thousands of faults must not produce a huge reply. */
const MAX_ISSUES = 10;

function toParleyError(label: string, error: z.ZodError): ParleyError {
  const issues: PayloadIssue[] = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.length === 0 ? '(payload)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const tooLarge = error.issues.some(
    (issue) => issue.code === 'custom' && (issue.params as { parleyCode?: string } | undefined)?.parleyCode === TOO_LARGE,
  );
  const more = error.issues.length - issues.length;
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  const details = more > 0 ? { issues, more } : { issues };
  // A field over its size (a message's characters, entries in one import) is the `field_size` limit.
  if (tooLarge) return ParleyError.limitRefusal('payload_too_large', 'field_size', `${label}: ${summary}`, details);
  return new ParleyError('invalid_payload', `${label}: ${summary}`, details);
}
