import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EnginePolicy } from '@parley/engine';
import { ParleyError, parseWithSchema, roomSettingsFileSchema } from '@parley/protocol';
import type { RoomSettings } from '@parley/protocol';
import type { S3StorageOptions } from './files/s3FileStorage';
import type { StaticMount } from './staticFiles';
import { parseStaticMount, withBundledConsole } from './staticFiles';
import type { TrustProxy } from './trustProxy';
import { parseTrustProxy } from './trustProxy';
import type { WebhookTargetInput } from './webhooks/webhookTargets';
import { readWebhooksFile } from './webhooks/webhookTargets';

export interface ServerConfig {
  port: number;
  host: string;
  /** PGlite data directory, used when no `databaseUrl` is given. */
  dataDir: string;
  /** PGlite runs in a worker thread unless this is `false` (then on the server's own thread). */
  pgliteWorker?: boolean;
  databaseUrl?: string;
  /**
   * PostgreSQL: append batches in flight at once, each on a connection of its own (default 2). More
   * lanes let a message skip past a batch held up by another chat's lock; fewer make bigger batches,
   * so fewer commits (each a WAL flush) per message.
   */
  appendLanes?: number;
  redisUrl?: string;
  /** Prefix of every Redis key and channel (default `parley`): deployments sharing one Redis. */
  redisPrefix?: string;
  /** HS256 secret for session tokens (≥ 32 bytes); generated and kept in the data dir when absent. */
  secret?: string;
  /** Secrets still accepted (never used to sign) while tokens signed with them expire: rotation. */
  previousSecrets?: string[];
  /** Accept host-minted tokens without `exp` (they never expire); off by default. */
  allowTokensWithoutExp?: boolean;
  /**
   * HS256 secret (≥ 32 bytes, not the session secret) a host's backend signs visitors' identity
   * tokens with (`setUser` in the widget); without it, identity tokens are refused (`forbidden`).
   */
  identitySecret?: string;
  /**
   * Rooms visitors may open chats in, besides the rooms agents serve; `'*'` accepts any room (the
   * behaviour before issue 13). Unknown rooms are refused with `not_found`.
   */
  rooms?: string[] | '*';
  /**
   * What each room tells visitors before a chat starts: a welcome message and the usual reply time,
   * public through `GET /v1/rooms/:room`. Rooms named here are open to visitors like `rooms`.
   */
  roomSettings?: Record<string, RoomSettings>;
  /** Other Parley servers the console may be pointed at with `?server=`; by default only its own origin. */
  consoleServers?: string[];
  /**
   * Which proxies may name the client in `X-Forwarded-For` (fastify's `trustProxy`): the per-IP limits
   * then count the client's address, not the load balancer's. Off by default.
   */
  trustProxy?: TrustProxy;
  /**
   * Where people reach this server (e.g. `https://chat.example.com` behind a proxy): the base of
   * one-time links (setup, invitations, resets) and of the widget snippets. Default: the bound address.
   */
  publicUrl?: string;
  /** `/metrics` requires `Authorization: Bearer <token>` when set. */
  metricsToken?: string;
  /** E-mail goes out through this SMTP server (`smtp://user:pass@host:port`); without it, no e-mail. */
  smtpUrl?: string;
  /** The From of Parley's e-mails (default `Parley <parley@localhost>`). */
  mailFrom?: string;
  /**
   * Webhook targets, server-wide or for one room: `{ url, secret, events?, room?, id? }` each (as in
   * `--webhooks-file`, which fills this in).
   */
  webhooks?: (WebhookTargetInput & { id?: string })[];
  /**
   * An extra bearer token for the webhook admin routes (targets, delivery log), for scripted setup;
   * an admin agent's session token works with or without it.
   */
  adminToken?: string;
  /** Serves `/metrics` on this port (on `host`) instead of the main one. */
  metricsPort?: number;
  /** Seeds room `support` with agents `agent1` / `agent2` (password `demo`). */
  demo: boolean;
  /** Folders served over HTTP (the demo page, the widget bundle, the console). */
  staticMounts: StaticMount[];
  limits: ServerLimits;
  /** Uploaded files: which types are accepted, and where their bytes are kept. */
  files?: FilesConfig;
  /** How long an agent stays online after its last socket left (a reload must not drop its offers). */
  presenceGraceMs: number;
  logLevel: string;
}

/** `--file-types`, `--file-storage` and the `--s3-*` flags. */
export interface FilesConfig {
  /** Detected types uploads may have: `type/subtype`, `type/*` or `*` (default: `defaultFileTypes`). */
  allowedTypes?: string[];
  /** `database` (default: bytes in PostgreSQL / PGlite) or `s3` (an S3-compatible bucket). */
  storage?: 'database' | 's3';
  s3?: S3StorageOptions;
  /** Seconds a signed download link stays valid (default 3600). */
  linkSeconds?: number;
}

export interface ServerLimits {
  /** Bytes of one event's JSON payload; larger ones are refused with `payload_too_large`. */
  maxPayloadBytes: number;
  /** Token bucket per socket: burst size and refill per second; beyond it, `rate_limited`. */
  eventBurst: number;
  eventsPerSecond: number;
  /** Open sockets per user (all nodes together with Redis); more are refused at the handshake with `rate_limited`. */
  maxSocketsPerUser: number;
  /** Open sockets per client IP, all nodes together with Redis (`rate_limited`, limit `sockets_per_ip`). */
  maxSocketsPerIp: number;
  /** Events per user across all its sockets and nodes: a rate per second, and a burst beyond it (limit `events_per_user`). */
  userEventBurst: number;
  userEventsPerSecond: number;
  /** `POST /v1/users` per IP per minute (429 `rate_limited`, limit `signups_per_ip`). */
  signupsPerIpPerMinute: number;
  /** `POST /v1/agents/login` per IP per minute, whatever the outcome (limit `login_attempts`). */
  loginsPerIpPerMinute: number;
  /** Failed logins before delays start, per username and per IP; the delay then doubles per failure. */
  loginFreeFailures: number;
  loginFreeFailuresPerIp: number;
  /** Password checks (scrypt) running at once on one node; more are refused (limit `login_concurrency`). */
  loginConcurrency: number;
  /** Chats one visitor may create (limit `chats_per_visitor`). */
  maxChatsPerVisitor: number;
  /** Imported history per chat (limit `history_per_chat`, `payload_too_large`). */
  maxImportedMessages: number;
  maxImportedCharacters: number;
  /** Bounds of `chats:assign`'s `interval` (seconds) and `maxAttempts` (limit `offer_bounds`). */
  minOfferSeconds: number;
  maxOfferSeconds: number;
  maxOfferAttempts: number;
  /** Bytes of one uploaded file (limit `file_bytes`, `payload_too_large`). */
  maxFileBytes: number;
  /** Files uploaded to one chat (limit `files_per_chat`, `payload_too_large`). */
  maxFilesPerChat: number;
}

export const defaultLimits: ServerLimits = {
  maxPayloadBytes: 1024 * 1024,
  eventBurst: 100,
  eventsPerSecond: 50,
  maxSocketsPerUser: 20,
  maxSocketsPerIp: 200,
  userEventBurst: 200,
  userEventsPerSecond: 100,
  signupsPerIpPerMinute: 60,
  loginsPerIpPerMinute: 60,
  loginFreeFailures: 5,
  loginFreeFailuresPerIp: 20,
  loginConcurrency: 1,
  maxChatsPerVisitor: 100,
  maxImportedMessages: 10_000,
  maxImportedCharacters: 5_000_000,
  minOfferSeconds: 1,
  maxOfferSeconds: 600,
  maxOfferAttempts: 10,
  maxFileBytes: 10 * 1024 * 1024,
  maxFilesPerChat: 100,
};

/** What the engine enforces of the limits (issue 13): rooms are configured or served by an agent. */
export function enginePolicyFrom(limits: ServerLimits, rooms: ServerConfig['rooms'], roomSettings: ServerConfig['roomSettings'] = {}): EnginePolicy {
  return {
    knownRooms: rooms === '*' ? undefined : new Set([...(rooms ?? []), ...Object.keys(roomSettings)]),
    minOfferIntervalMs: limits.minOfferSeconds * 1000,
    maxOfferIntervalMs: limits.maxOfferSeconds * 1000,
    maxOfferAttempts: limits.maxOfferAttempts,
    maxChatsPerVisitor: limits.maxChatsPerVisitor,
    maxImportedMessages: limits.maxImportedMessages,
    maxImportedCharacters: limits.maxImportedCharacters,
  };
}

const usage = `Usage: parley-server [options]

  --port <n>            port to listen on (PORT, default 3000)
  --host <addr>         address to bind (HOST, default 127.0.0.1)
  --data-dir <path>     PGlite data directory (PARLEY_DATA_DIR, default .parley/)
  --pglite-main-thread  run PGlite on the server's own thread, not in a worker thread (PARLEY_PGLITE_MAIN_THREAD=1)
  --database-url <url>  use PostgreSQL instead of PGlite (DATABASE_URL)
  --append-lanes <n>    PostgreSQL: message append batches in flight at once, 1 to 8 (PARLEY_APPEND_LANES, default 2)
  --redis-url <url>     socket.io Redis adapter, for several nodes (REDIS_URL)
  --secret-file <path>  file holding the token signing secret, at least 32 bytes (PARLEY_SECRET_FILE;
                        or the secret itself in PARLEY_SECRET; default: generated, kept in the data dir)
  --secret <text>       the secret itself (visible in the process list: prefer the file or the env)
  --previous-secret-file <path>
                        a rotated-out secret still accepted until its tokens expire, repeatable
                        (PARLEY_PREVIOUS_SECRET, comma-separated secrets)
  --allow-tokens-without-exp
                        accept host-minted tokens that never expire (PARLEY_ALLOW_TOKENS_WITHOUT_EXP=1)
  --identity-secret-file <path>
                        file holding the secret your backend signs visitors' identity tokens with, at
                        least 32 bytes, not the token secret (PARLEY_IDENTITY_SECRET_FILE, or the secret
                        itself in PARLEY_IDENTITY_SECRET; default: none, identity tokens are refused)
  --rooms <a,b>         rooms visitors may chat in besides the rooms agents serve; * for any room
                        (PARLEY_ROOMS)
  --room-settings <file|json>
                        rooms' welcome message and usual reply time: a JSON file, or the JSON
                        itself, e.g. '{"support":{"welcome":"Hi!","replyTime":"minutes"}}'
                        (replyTime: minutes, hours or day); its rooms are open to visitors
                        (PARLEY_ROOM_SETTINGS)
  --console-servers <urls>
                        other Parley servers the console may be pointed at with ?server=, comma-
                        separated origins (PARLEY_CONSOLE_SERVERS; default: only its own origin)
  --trust-proxy <v>     take the client's address from X-Forwarded-For, set by these proxies: true
                        (any), a hop count, or their addresses/subnets, e.g. 10.0.0.0/8,loopback
                        (PARLEY_TRUST_PROXY; default off: per-IP limits see the peer's address)
  --smtp-url <url>      send e-mail (offline messages to the room's team, replies and transcripts
                        to visitors) through this SMTP server, smtp://user:pass@host:port
                        (PARLEY_SMTP_URL; default: no e-mail)
  --mail-from <addr>    the From of those e-mails, e.g. "Support <support@example.com>"
                        (PARLEY_MAIL_FROM; default Parley <parley@localhost>)
  --webhooks-file <path>
                        webhook targets, server-wide or per room: a JSON file of
                        [{"url","secret","events"?,"room"?}] (PARLEY_WEBHOOKS_FILE)
  --admin-token-file <path>
                        file holding an extra token for the webhook admin API (targets, delivery
                        log), for scripted setup; admin agents' sessions work without it
                        (PARLEY_ADMIN_TOKEN_FILE, or the token itself in PARLEY_ADMIN_TOKEN)
  --public-url <url>    where people reach this server, for one-time links and widget snippets, e.g.
                        https://chat.example.com (PARLEY_PUBLIC_URL; default: http://host:port)
  --metrics-token <t>   require Authorization: Bearer <t> on /metrics (PARLEY_METRICS_TOKEN)
  --metrics-port <n>    serve /metrics on this port only, not the main one (PARLEY_METRICS_PORT)
  --limit <name>=<n>    override one limit, repeatable, e.g. --limit signupsPerIpPerMinute=10
                        (PARLEY_LIMITS, comma-separated); names in the README's Security section
  --file-types <list>   types uploaded files may have, as detected from their bytes (never the name):
                        comma-separated type/subtype or type/* (PARLEY_FILE_TYPES; default images
                        png/jpeg/gif/webp/avif, pdf, text/plain, zip, office documents)
  --file-storage <kind> where files' bytes are kept: database (default) or s3 (PARLEY_FILE_STORAGE)
  --s3-bucket <name>    the bucket for --file-storage s3 (PARLEY_S3_BUCKET); keys from
                        AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
  --s3-endpoint <url>   an S3-compatible service: MinIO, R2, Ceph … (PARLEY_S3_ENDPOINT; default AWS)
  --s3-region <name>    the bucket's region (PARLEY_S3_REGION; default us-east-1; R2: auto)
  --s3-path-style       path-style addresses, which MinIO needs (PARLEY_S3_PATH_STYLE=1)
  --demo                seed room "support" with agents agent1/agent2, password "demo" (PARLEY_DEMO=1)
  --static <p>=<dir>    serve a folder at URL prefix <p>, repeatable, e.g. --static /widget=./dist
                        (PARLEY_STATIC, comma-separated); sends x.br / x.gz siblings by
                        Accept-Encoding; content-hashed names cached a year (immutable)
  --no-console          do not serve the agent console this package carries at /console/
                        (PARLEY_NO_CONSOLE=1); a --static /console=<dir> replaces it
  --redis-prefix <p>    prefix of every Redis key and channel (PARLEY_REDIS_PREFIX; default parley),
                        for deployments sharing one Redis
  --help                this text

Administration (issue 16; same --data-dir / --database-url / --public-url as the server):
  parley-server admin create <username> --name <name>
                        an admin account; prints its one-time link to set the password
  parley-server agents add <username> --name <name> [--rooms a,b] [--capacity n] [--admin]
                        an agent, invited by a one-time link (printed)
  parley-server agents list
  parley-server agents disable <username>
                        deactivate: offline at once, sign-in and sockets refused
  parley-server agents enable <username>
                        reactivate a deactivated agent
  parley-server rooms add <name> [--welcome <text>] [--reply-time minutes|hours|day]
                        [--hours <json>], e.g. --hours '{"timeZone":"Europe/Berlin","weekly":
                        [{"day":"mon","open":"09:00","close":"17:00"}]}'
                        [--team-email a@example.com,b@example.com] (offline messages)
  parley-server rooms list
Without an admin, \`parley-server\` prints a one-time setup link for the first one.
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
        'pglite-main-thread': { type: 'boolean' },
        'database-url': { type: 'string' },
        'append-lanes': { type: 'string' },
        'redis-url': { type: 'string' },
        secret: { type: 'string' },
        'secret-file': { type: 'string' },
        'previous-secret-file': { type: 'string', multiple: true },
        'allow-tokens-without-exp': { type: 'boolean' },
        'identity-secret-file': { type: 'string' },
        rooms: { type: 'string' },
        'room-settings': { type: 'string' },
        'console-servers': { type: 'string' },
        'trust-proxy': { type: 'string' },
        'public-url': { type: 'string' },
        'metrics-token': { type: 'string' },
        'smtp-url': { type: 'string' },
        'mail-from': { type: 'string' },
        'webhooks-file': { type: 'string' },
        'admin-token-file': { type: 'string' },
        'metrics-port': { type: 'string' },
        limit: { type: 'string', multiple: true },
        'file-types': { type: 'string' },
        'file-storage': { type: 'string' },
        's3-bucket': { type: 'string' },
        's3-endpoint': { type: 'string' },
        's3-region': { type: 'string' },
        's3-path-style': { type: 'boolean' },
        demo: { type: 'boolean' },
        static: { type: 'string', multiple: true },
        'no-console': { type: 'boolean' },
        'redis-prefix': { type: 'string' },
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
    staticMounts: withBundledConsole(
      (parsed.static ?? env.PARLEY_STATIC?.split(',').filter(Boolean) ?? []).map(parseStaticMount),
      !(parsed['no-console'] ?? (env.PARLEY_NO_CONSOLE === '1' || env.PARLEY_NO_CONSOLE === 'true')),
    ),
    limits: readLimits(parsed.limit ?? env.PARLEY_LIMITS?.split(',').filter(Boolean) ?? []),
    presenceGraceMs: 15_000,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
  const databaseUrl = parsed['database-url'] ?? env.DATABASE_URL;
  const redisUrl = parsed['redis-url'] ?? env.REDIS_URL;
  const redisPrefix = parsed['redis-prefix'] ?? env.PARLEY_REDIS_PREFIX;
  if (redisPrefix !== undefined) {
    if (!/^[\w.:-]{1,64}$/.test(redisPrefix)) throw new ParleyError('invalid_payload', `--redis-prefix: letters, digits and _.:- (at most 64), got ${JSON.stringify(redisPrefix)}`);
    config.redisPrefix = redisPrefix;
  }
  const secretFile = parsed['secret-file'] ?? env.PARLEY_SECRET_FILE;
  const secret = secretFile ? readSecretFile(secretFile) : (parsed.secret ?? env.PARLEY_SECRET);
  if (databaseUrl) config.databaseUrl = databaseUrl;
  const appendLanes = parsed['append-lanes'] ?? env.PARLEY_APPEND_LANES;
  if (appendLanes !== undefined) {
    if (!/^[1-8]$/.test(appendLanes)) throw new ParleyError('invalid_payload', `--append-lanes must be an integer from 1 to 8, got ${JSON.stringify(appendLanes)}`);
    config.appendLanes = Number(appendLanes);
  }
  if (redisUrl) config.redisUrl = redisUrl;
  if (secret) config.secret = secret;
  const previous = parsed['previous-secret-file']?.map(readSecretFile) ?? env.PARLEY_PREVIOUS_SECRET?.split(',').filter(Boolean);
  if (previous && previous.length > 0) config.previousSecrets = previous;
  if (parsed['allow-tokens-without-exp'] || env.PARLEY_ALLOW_TOKENS_WITHOUT_EXP === '1') config.allowTokensWithoutExp = true;
  if (parsed['pglite-main-thread'] || env.PARLEY_PGLITE_MAIN_THREAD === '1') config.pgliteWorker = false;
  const identityFile = parsed['identity-secret-file'] ?? env.PARLEY_IDENTITY_SECRET_FILE;
  const identitySecret = identityFile ? readSecretFile(identityFile) : env.PARLEY_IDENTITY_SECRET;
  if (identitySecret) config.identitySecret = identitySecret;
  const rooms = parsed.rooms ?? env.PARLEY_ROOMS;
  if (rooms !== undefined) config.rooms = rooms.trim() === '*' ? '*' : list(rooms);
  const roomSettings = parsed['room-settings'] ?? env.PARLEY_ROOM_SETTINGS;
  if (roomSettings) config.roomSettings = readRoomSettings(roomSettings);
  const consoleServers = parsed['console-servers'] ?? env.PARLEY_CONSOLE_SERVERS;
  if (consoleServers !== undefined) config.consoleServers = list(consoleServers).map(originOf);
  const trustProxy = parsed['trust-proxy'] ?? env.PARLEY_TRUST_PROXY;
  if (trustProxy !== undefined) {
    try {
      config.trustProxy = parseTrustProxy(trustProxy);
    } catch (error) {
      throw new ParleyError('invalid_payload', `--trust-proxy takes true, false, a hop count or addresses/subnets: ${(error as Error).message}`);
    }
  }
  const smtpUrl = parsed['smtp-url'] ?? env.PARLEY_SMTP_URL;
  if (smtpUrl) {
    if (!/^smtps?:\/\//.test(smtpUrl)) throw new ParleyError('invalid_payload', `--smtp-url takes smtp://user:pass@host:port or smtps://…, got ${JSON.stringify(smtpUrl.replace(/\/\/[^@]*@/, '//…@'))}`);
    config.smtpUrl = smtpUrl;
  }
  const mailFrom = parsed['mail-from'] ?? env.PARLEY_MAIL_FROM;
  if (mailFrom) config.mailFrom = mailFrom;
  const webhooksFile = parsed['webhooks-file'] ?? env.PARLEY_WEBHOOKS_FILE;
  if (webhooksFile) config.webhooks = readWebhooksFile(webhooksFile);
  const adminTokenFile = parsed['admin-token-file'] ?? env.PARLEY_ADMIN_TOKEN_FILE;
  const adminToken = adminTokenFile ? readSecretFile(adminTokenFile) : env.PARLEY_ADMIN_TOKEN;
  if (adminToken) config.adminToken = adminToken;
  const publicUrl = parsed['public-url'] ?? env.PARLEY_PUBLIC_URL;
  if (publicUrl !== undefined) config.publicUrl = publicUrlOf(publicUrl);
  const metricsToken = parsed['metrics-token'] ?? env.PARLEY_METRICS_TOKEN;
  if (metricsToken) config.metricsToken = metricsToken;
  const metricsPort = parsed['metrics-port'] ?? env.PARLEY_METRICS_PORT;
  if (metricsPort !== undefined) {
    if (!/^\d{1,5}$/.test(metricsPort) || Number(metricsPort) > 65535) {
      throw new ParleyError('invalid_payload', `--metrics-port must be an integer from 0 to 65535, got ${JSON.stringify(metricsPort)}`);
    }
    config.metricsPort = Number(metricsPort);
  }
  const files = readFilesConfig(parsed, env);
  if (files) config.files = files;
  return config;
}

interface FileFlags {
  'file-types'?: string | undefined;
  'file-storage'?: string | undefined;
  's3-bucket'?: string | undefined;
  's3-endpoint'?: string | undefined;
  's3-region'?: string | undefined;
  's3-path-style'?: boolean | undefined;
}

/** The files flags; `s3` without a bucket, or an unknown storage, stops the start. */
function readFilesConfig(parsed: FileFlags, env: NodeJS.ProcessEnv): FilesConfig | undefined {
  const files: FilesConfig = {};
  const types = parsed['file-types'] ?? env.PARLEY_FILE_TYPES;
  if (types !== undefined) {
    const allowed = list(types);
    const bad = allowed.find((pattern) => pattern !== '*' && !/^[a-z0-9.+-]+\/([a-z0-9.+-]+|\*)$/i.test(pattern));
    if (bad !== undefined) throw new ParleyError('invalid_payload', `--file-types takes type/subtype or type/* patterns, got ${JSON.stringify(bad)}`);
    files.allowedTypes = allowed.map((pattern) => pattern.toLowerCase());
  }
  const storage = parsed['file-storage'] ?? env.PARLEY_FILE_STORAGE;
  if (storage !== undefined) {
    if (storage !== 'database' && storage !== 's3') throw new ParleyError('invalid_payload', `--file-storage is database or s3, got ${JSON.stringify(storage)}`);
    files.storage = storage;
  }
  const bucket = parsed['s3-bucket'] ?? env.PARLEY_S3_BUCKET;
  if (files.storage === 's3') {
    if (!bucket) throw new ParleyError('invalid_payload', '--file-storage s3 needs --s3-bucket');
    const endpoint = parsed['s3-endpoint'] ?? env.PARLEY_S3_ENDPOINT;
    const region = parsed['s3-region'] ?? env.PARLEY_S3_REGION;
    files.s3 = {
      bucket,
      ...(endpoint ? { endpoint } : {}),
      ...(region ? { region } : {}),
      ...(parsed['s3-path-style'] || env.PARLEY_S3_PATH_STYLE === '1' ? { forcePathStyle: true } : {}),
    };
  }
  return Object.keys(files).length > 0 ? files : undefined;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Room settings from a file, or inline JSON (an environment variable in a container needs no file),
 * checked in full: a typo in a key or a reply time is refused at start, not ignored.
 */
export function readRoomSettings(pathOrJson: string): Record<string, RoomSettings> {
  const inline = pathOrJson.trimStart().startsWith('{');
  const source = inline ? '--room-settings JSON' : `room settings file ${pathOrJson}`;
  let json: unknown;
  try {
    json = JSON.parse(inline ? pathOrJson : readFileSync(pathOrJson, 'utf8'));
  } catch (error) {
    throw new ParleyError('invalid_payload', `cannot read the ${source}: ${(error as Error).message}`);
  }
  return parseWithSchema(roomSettingsFileSchema, json, source);
}

/** The secret from a file (a mounted secret, not the process list); surrounding whitespace is not part of it. */
function readSecretFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ParleyError('invalid_payload', `cannot read the secret file ${path}: ${(error as Error).message}`);
  }
}

/** An http(s) URL without a trailing slash: links are built as `${publicUrl}/console/#link=…`. */
export function publicUrlOf(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new ParleyError('invalid_payload', `--public-url takes an http(s) URL, got ${JSON.stringify(text)}`);
}

function originOf(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // reported below
  }
  throw new ParleyError('invalid_payload', `--console-servers takes http(s) origins, got ${JSON.stringify(text)}`);
}

/** `name=value` pairs over the defaults; an unknown name or a non-number is refused with the names. */
function readLimits(pairs: readonly string[]): ServerLimits {
  const limits: ServerLimits = { ...defaultLimits };
  for (const pair of pairs) {
    const [name = '', value = ''] = pair.split('=').map((part) => part.trim());
    const number = Number(value);
    if (!(name in defaultLimits) || value === '' || !Number.isFinite(number) || number < 0) {
      throw new ParleyError(
        'invalid_payload',
        `--limit takes <name>=<non-negative number>, got ${JSON.stringify(pair)}; names: ${Object.keys(defaultLimits).join(', ')}`,
      );
    }
    limits[name as keyof ServerLimits] = number;
  }
  return limits;
}

export { usage };
