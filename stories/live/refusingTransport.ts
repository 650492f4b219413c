import type { Transport } from '@parley/core';
import type { AckEnvelope, ClientEventName, ClientPayload, ClientResult, ErrorPayload } from '@parley/protocol';

// A refusal the outbox gives up on at once. Transient codes (timeout, disconnected, rate_limited,
// internal) are retried by the outbox on its own, so they would never show a message as failed.
const refusal: ErrorPayload = { code: 'forbidden', message: 'the story gateway turned this message away' };

/**
 * A transport whose first `count` `messages:send` are answered with a refusal, as a gateway in front
 * of the server might; everything else, and every later send, goes through to `inner`.
 */
export function refuseFirstSends(inner: Transport, count: number): Transport {
  let refused = 0;
  return {
    get user() {
      return inner.user;
    },
    get state() {
      return inner.state;
    },
    async emit<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<AckEnvelope<ClientResult<E>>> {
      if (event === 'messages:send' && refused < count) {
        refused += 1;
        return { ok: false, error: refusal };
      }
      return inner.emit(event, payload);
    },
    listen: (listeners) => inner.listen(listeners),
    connect: () => inner.connect(),
    disconnect: () => inner.disconnect(),
  };
}
