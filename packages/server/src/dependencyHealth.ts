import type { ErrorPayload } from '@parley/protocol';
import type { Logger } from 'pino';
import { isConnectionError } from './store/connectionErrors';

export type Dependency = 'database' | 'redis';

interface Outage {
  since: number;
  reason: string;
  /** Failures absorbed during the outage: logged in the recovery line, not one line each. */
  failures: number;
}

export interface DependencyReport {
  ok: boolean;
  dependencies: Partial<Record<Dependency, { up: true } | { up: false; since: string; reason: string }>>;
}

export interface DependencyHealth {
  /** Records that `dependency` is away; the first report of an outage is logged, the rest counted. */
  down(dependency: Dependency, error: unknown, context?: Record<string, unknown>): void;
  /** Records that `dependency` answers again; logs the recovery once with the outage's length. */
  up(dependency: Dependency): void;
  /**
   * For a failure nobody awaits or an `internal` answer: when it is a lost database connection it
   * marks the database down and returns true (the caller logs nothing); otherwise false.
   */
  absorb(error: unknown, context?: Record<string, unknown>): boolean;
  /** The answer to new work while a dependency is away (`unavailable`, retryable), else undefined. */
  refusal(): ErrorPayload | undefined;
  /** Probes the database now (for `/healthz`), then reports every dependency. */
  check(): Promise<DependencyReport>;
  stop(): void;
}

/**
 * What a node knows about the services it cannot work without. While one is away the node stays up:
 * `/healthz` answers 503 with the reason, commands are refused with `unavailable` (the client retries
 * them), and a probe brings the database back into service when it answers again. Redis reports its
 * own state through its clients' events (see `redisAdapter.ts`).
 */
export function createDependencyHealth(options: {
  logger: Logger;
  /** One cheap round trip to the database; rejects while it is unreachable. */
  probeDatabase: () => Promise<unknown>;
  /** Pause between database probes during an outage (default 500 ms). */
  probeIntervalMs?: number;
  watched: readonly Dependency[];
}): DependencyHealth {
  const { logger, probeDatabase, watched } = options;
  const probeIntervalMs = options.probeIntervalMs ?? 500;
  const outages = new Map<Dependency, Outage>();
  let probe: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function scheduleProbe(delayMs: number): void {
    if (probe || stopped) return;
    probe = setTimeout(async () => {
      try {
        await probeDatabase();
        probe = undefined;
        health.up('database');
      } catch {
        probe = undefined;
        if (outages.has('database')) scheduleProbe(probeIntervalMs);
      }
    }, delayMs);
    probe.unref();
  }

  const health: DependencyHealth = {
    down(dependency, error, context = {}) {
      const outage = outages.get(dependency);
      if (outage) {
        outage.failures++;
        return;
      }
      const reason = describe(error);
      outages.set(dependency, { since: Date.now(), reason, failures: 1 });
      logger.error({ err: error, dependency, ...context }, `${dependency} unavailable: refusing new work until it answers again`);
      // The first probe comes soon: one terminated backend is an outage of milliseconds.
      if (dependency === 'database') scheduleProbe(Math.min(50, probeIntervalMs));
    },
    up(dependency) {
      const outage = outages.get(dependency);
      if (!outage) return;
      outages.delete(dependency);
      logger.warn(
        { dependency, downForMs: Date.now() - outage.since, failures: outage.failures, reason: outage.reason },
        `${dependency} available again`,
      );
    },
    absorb(error, context) {
      if (!isConnectionError(error)) return false;
      health.down('database', error, context);
      return true;
    },
    refusal() {
      if (outages.size === 0) return undefined;
      const away = [...outages.keys()].join(' and ');
      return { code: 'unavailable', message: `${away} unavailable; retry shortly`, details: { dependencies: [...outages.keys()] } };
    },
    async check() {
      try {
        await probeDatabase();
        health.up('database');
      } catch (error) {
        health.down('database', error, { during: 'healthz' });
      }
      const dependencies: DependencyReport['dependencies'] = {};
      for (const dependency of watched) {
        const outage = outages.get(dependency);
        dependencies[dependency] = outage
          ? { up: false, since: new Date(outage.since).toISOString(), reason: outage.reason }
          : { up: true };
      }
      return { ok: outages.size === 0, dependencies };
    },
    stop() {
      stopped = true;
      clearTimeout(probe);
    },
  };
  return health;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message || error.name;
  }
  return String(error);
}
