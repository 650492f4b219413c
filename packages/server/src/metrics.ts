import { isLimitCode } from '@parley/protocol';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  connectedSockets: Gauge;
  events: Counter<'event' | 'outcome'>;
  ackLatency: Histogram<'event'>;
  queueLength: Gauge<'room'>;
  /** Refusals by the limit that refused (`details.limit` of the error): issue 13's abuse limits. */
  limitRefusals: Counter<'limit'>;
  /** Password hashes computed: logins that got past the throttle to the scrypt check. */
  passwordChecks: Counter;
  /** Counts a refusal when its error names a limit. */
  countLimit(error: { details?: Record<string, unknown> | undefined }): void;
}

/**
 * One registry per server instance (not prom-client's global), so two servers in one process — as in
 * tests — never share counters. `queueLengths` is read at scrape time, not kept up to date on writes.
 */
export function createMetrics(queueLengths: () => Promise<Record<string, number>>): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_process_' });
  const limitRefusals = new Counter({
    name: 'parley_limit_refusals_total',
    help: 'Requests, events and connections refused by an abuse limit, by limit name',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  return {
    limitRefusals,
    passwordChecks: new Counter({
      name: 'parley_password_checks_total',
      help: 'Password checks (scrypt) run: logins that got past the throttle',
      registers: [registry],
    }),
    countLimit(error) {
      const limit = error.details?.limit;
      if (isLimitCode(limit)) limitRefusals.inc({ limit });
    },
    registry,
    connectedSockets: new Gauge({ name: 'parley_connected_sockets', help: 'Open socket.io connections', registers: [registry] }),
    events: new Counter({
      name: 'parley_events_total',
      help: 'Client events handled, by name and outcome (ok or the error code)',
      labelNames: ['event', 'outcome'] as const,
      registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'parley_ack_latency_seconds',
      help: 'Time from receiving a client event to sending its ack',
      labelNames: ['event'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    queueLength: new Gauge({
      name: 'parley_queue_length',
      help: 'Chats waiting in each room queue',
      labelNames: ['room'] as const,
      registers: [registry],
      async collect() {
        // Read from the database at scrape time. While it is away the scrape still answers — the other
        // metrics (refusals, sockets, the process) are what an operator looks at then — without this
        // gauge's rooms rather than with lengths from before; the outage itself is logged by `health`.
        let lengths: Record<string, number> = {};
        try {
          lengths = await queueLengths();
        } catch {
          // no rooms this scrape
        }
        this.reset();
        for (const [room, length] of Object.entries(lengths)) this.set({ room }, length);
      },
    }),
  };
}
