import { parseArgs } from 'node:util';
import { ParleyError } from '@parley/protocol';
import type { StaticMount } from './staticFiles';
import { parseStaticMount } from './staticFiles';

export interface ServerConfig {
  port: number;
  host: string;
  /** PGlite data directory, used when no `databaseUrl` is given. */
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** HS256 secret for session tokens; generated and kept in the data dir when absent. */
  secret?: string;
  /** Seeds room `support` with agents `agent1` / `agent2` (password `demo`). */
  demo: boolean;
  /** Folders served over HTTP (the demo page, the widget bundle, the console). */
  staticMounts: StaticMount[];
  limits: ServerLimits;
  /** How long an agent stays online after its last socket left (a reload must not drop its offers). */
  presenceGraceMs: number;
  logLevel: string;
}

export interface ServerLimits {
  /** Bytes of one event's JSON payload; larger ones are refused with `payload_too_large`. */
  maxPayloadBytes: number;
  /** Token bucket per socket: burst size and refill per second; beyond it, `rate_limited`. */
  eventBurst: number;
  eventsPerSecond: number;
  /** Open sockets per user on one node; more are refused at the handshake with `rate_limited`. */
  maxSocketsPerUser: number;
}

export const defaultLimits: ServerLimits = {
  maxPayloadBytes: 1024 * 1024,
  eventBurst: 100,
  eventsPerSecond: 50,
  maxSocketsPerUser: 20,
};

const usage = `Usage: parley-server [options]

  --port <n>            port to listen on (PORT, default 3000)
  --host <addr>         address to bind (HOST, default 127.0.0.1)
  --data-dir <path>     PGlite data directory (PARLEY_DATA_DIR, default .parley/)
  --database-url <url>  use PostgreSQL instead of PGlite (DATABASE_URL)
  --redis-url <url>     socket.io Redis adapter, for several nodes (REDIS_URL)
  --secret <text>       token signing secret (PARLEY_SECRET; default: generated, kept in the data dir)
  --demo                seed room "support" with agents agent1/agent2, password "demo" (PARLEY_DEMO=1)
  --static <p>=<dir>    serve a folder at URL prefix <p>, repeatable, e.g. --static /widget=./dist
                        (PARLEY_STATIC, comma-separated)
  --help                this text
`;

/** Reads flags, then the environment; flags win. Throws `invalid_payload` with the usage on bad input. */
export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'redis-url': { type: 'string' },
        secret: { type: 'string' },
        demo: { type: 'boolean' },
        static: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ParleyError('invalid_payload', `${(error as Error).message}\n\n${usage}`);
  }
  if (parsed.help) return 'help';
  const portText = parsed.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  // Digits only: `Number` alone read '' (e.g. an empty PORT=) as 0, a random port, and took '1e3' or
  // '0x50'. The usage is appended as for the other refusals (config.test.ts).
  if (!/^\d{1,5}$/.test(portText) || port > 65535) {
    throw new ParleyError('invalid_payload', `--port must be an integer from 0 to 65535, got ${JSON.stringify(portText)}\n\n${usage}`);
  }
  const config: ServerConfig = {
    port,
    host: parsed.host ?? env.HOST ?? '127.0.0.1',
    dataDir: parsed['data-dir'] ?? env.PARLEY_DATA_DIR ?? '.parley',
    demo: parsed.demo ?? (env.PARLEY_DEMO === '1' || env.PARLEY_DEMO === 'true'),
    staticMounts: (parsed.static ?? env.PARLEY_STATIC?.split(',').filter(Boolean) ?? []).map(parseStaticMount),
    limits: { ...defaultLimits },
    presenceGraceMs: 15_000,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
  const databaseUrl = parsed['database-url'] ?? env.DATABASE_URL;
  const redisUrl = parsed['redis-url'] ?? env.REDIS_URL;
  const secret = parsed.secret ?? env.PARLEY_SECRET;
  if (databaseUrl) config.databaseUrl = databaseUrl;
  if (redisUrl) config.redisUrl = redisUrl;
  if (secret) config.secret = secret;
  return config;
}

export { usage };
