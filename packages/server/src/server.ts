import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ParleyError } from '@parley/protocol';
import type { ChatEngine } from '@parley/engine';
import { createChatEngine } from '@parley/engine';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino from 'pino';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { ServerConfig } from './config';
import { defaultLimits, enginePolicyFrom } from './config';
import type { Administration } from './administration';
import { createAdministration } from './administration';
import { createAdminGuard, registerAdminRoutes } from './adminRoutes';
import { createKnownUsers } from './knownUsers';
import { createDependencyHealth } from './dependencyHealth';
import { seedDemo } from './demoSeed';
import { createClusterPresence } from './clusterPresence';
import { createDelivery } from './delivery';
import { createFileLinks } from './files/fileLinks';
import { registerFileRoutes } from './files/fileRoutes';
import { createDatabaseFileStorage } from './files/fileStorage';
import { defaultFileTypes } from './files/fileType';
import { createS3FileStorage } from './files/s3FileStorage';
import { attachGateway } from './gateway';
import { createLoginThrottle } from './loginThrottle';
import { connectLimitsRedis } from './limitsRedis';
import { startMetricsServer } from './metricsEndpoint';
import { registerRestLimits } from './restLimits';
import { registerSecurityHeaders } from './securityHeaders';
import { createSocketLimits } from './socketLimits';
import { Inflight } from './inflight';
import { createMetrics } from './metrics';
import { hashPassword } from './passwords';
import { createPresence, type Presence } from './presence';
import { createVisitorPresence, type VisitorPresence } from './visitorPresence';
import { createDepartures } from './departures';
import { createRevocations } from './revocations';
import { connectRedisAdapter } from './redisAdapter';
import type { RedisLink } from './redisAdapter';
import { registerRecords } from './records';
import { refuseUrl, registerRest } from './rest';
import { createRoomDirectory } from './roomDirectory';
import { userRoom } from './rooms';
import { createIdentityVerifier } from './identity';
import { loadOrCreateSecret } from './secret';
import { openSqlStore } from './store/openStore';
import type { SqlStore } from './store/sqlStore';
import { disconnectAfterFlush } from './shutdown';
import type { ParleyIo } from './socketTypes';
import { registerStaticMounts } from './staticFiles';
import { createSessionAuth } from './sessionAuth';
import { createTokenService } from './tokens';
import type { RetryPolicy } from './outbox/backoff';
import { defaultRetryPolicy } from './outbox/backoff';
import type { MailService } from './mail/mailService';
import { createMailService } from './mail/mailService';
import { registerTranscriptRoute } from './mail/transcriptRoute';
import type { WebhookService } from './webhooks/webhookService';
import { createWebhookService } from './webhooks/webhookService';
import { registerWebhookRoutes } from './webhooks/webhookRoutes';
import { webhookTargetsFrom } from './webhooks/webhookTargets';
import type { PublishWebhookEvent } from './webhooks/webhookEvents';
import { createOutboxPlanner } from './outbox/outboxPlanner';
import { clientAddress, trustFunction } from './trustProxy';
import type { TokenService } from './tokens';

export type ParleyServerOptions = Partial<Omit<ServerConfig, 'limits'>> & {
  limits?: Partial<ServerConfig['limits']>;
  /** PostgreSQL connections per node (default 10); PGlite has exactly one. */
  poolSize?: number;
  /** How often a node expires offers that another (possibly dead) node made (default 5 s). */
  offerSweepMs?: number;
  /** How often a node renews its presence lease and reaps dead nodes (default 5 s). */
  clusterHeartbeatMs?: number;
  /** A node that has not renewed its lease for this long is dead: its agents go offline (default 15 s). */
  clusterLeaseMs?: number;
  /** Channel prefix of the Redis adapter: nodes of one deployment share it (default `parley`). */
  redisPrefix?: string;
  /** The server's clock in ms (default `Date.now`): business hours and one-time links; a manual clock in tests. */
  now?: () => number;
  /** How often a node re-reads admin-created rooms besides the adapter's change messages (default 10 s). */
  roomRefreshMs?: number;
  /** A logger to use instead of one built from `logLevel`. */
  logger?: Logger;
  /**
   * The outbox (e-mail and webhooks): how often each node looks for due items, the retry policy,
   * and how long a webhook receiver may take to answer.
   */
  outbox?: { pollMs?: number; retry?: Partial<RetryPolicy>; webhookTimeoutMs?: number; retentionMs?: number };
  /** Extra routes (static pages, the widget bundle) registered before the server listens. */
  routes?: (app: FastifyInstance) => void | Promise<void>;
};

export interface AgentAccount {
  username: string;
  password: string;
  name: string;
  rooms: string[];
  capacity?: number;
  /** A photo (http or https URL) shown as the agent's avatar in the widget and the console. */
  avatarUrl?: string;
  /** May administer agents and rooms (issue 16). */
  admin?: boolean;
}

export interface ParleyServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  port: number;
  engine: ChatEngine;
  store: SqlStore;
  io: ParleyIo;
  tokens: TokenService;
  logger: Logger;
  /** Creates or updates an agent who can sign in with `username` / `password`. */
  addAgent(account: AgentAccount): Promise<void>;
  /** Webhooks: targets, the delivery log, and `publish` for events from outside the engine (`chat.rated`). */
  webhooks: WebhookService & { publish: PublishWebhookEvent };
  /** E-mail, when the server was given an SMTP server. */
  mail?: MailService;
  /** Agents, rooms, one-time links and the audit log (issue 16), as the admin routes use them. */
  administration: Administration;
  /** The port `/metrics` is served on when it has one of its own (`metricsPort`). */
  metricsPort?: number;
  /** Stops accepting, lets started events finish and acknowledge, then closes sockets and the store. */
  close(): Promise<void>;
}

export async function startParleyServer(options: ParleyServerOptions = {}): Promise<ParleyServer> {
  const config = {
    port: options.port ?? 3000,
    host: options.host ?? '127.0.0.1',
    dataDir: options.dataDir ?? '.parley',
    demo: options.demo ?? false,
    presenceGraceMs: options.presenceGraceMs ?? 15_000,
    logLevel: options.logLevel ?? 'info',
    limits: { ...defaultLimits, ...options.limits },
  };
  const logger =
    options.logger ??
    pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.password', '*.token', '*.secret'] });

  // Checked before anything opens: a too-short identity secret refuses the start.
  const identity = options.identitySecret === undefined ? undefined : createIdentityVerifier({ secret: options.identitySecret });
  const webhookTargets = webhookTargetsFrom(options.webhooks ?? []);
  const store = await openSqlStore(
    options.databaseUrl
      ? {
          databaseUrl: options.databaseUrl,
          ...(options.poolSize !== undefined && { poolSize: options.poolSize }),
          ...(options.appendLanes !== undefined && { appendLanes: options.appendLanes }),
        }
      : { dataDir: config.dataDir, ...(options.pgliteWorker !== undefined && { pgliteWorker: options.pgliteWorker }) },
  );
  const secret = options.secret ?? (await loadOrCreateSecret(config.dataDir));
  const tokens = createTokenService({
    secret,
    ...(options.previousSecrets && { previousSecrets: options.previousSecrets }),
    ...(options.allowTokensWithoutExp && { allowTokensWithoutExp: true }),
  });
  if (options.identitySecret !== undefined && options.identitySecret === secret) {
    // Whoever holds the identity secret (a host's backend) could otherwise mint agent sessions.
    await store.close();
    throw new ParleyError('invalid_payload', 'the identity secret must differ from the token secret');
  }
  const { limits } = config;
  const health = createDependencyHealth({
    logger,
    probeDatabase: () => store.transaction((tx) => tx.getUser('healthz')),
    watched: options.redisUrl ? ['database', 'redis'] : ['database'],
  });
  // Admin-created rooms are read before the engine starts taking chats; its policy checks this live set.
  const directory = createRoomDirectory({
    table: store.admin,
    rooms: options.rooms,
    roomSettings: options.roomSettings ?? {},
    logger,
    ...(options.roomRefreshMs !== undefined && { refreshMs: options.roomRefreshMs }),
  });
  await directory.refresh();
  const chatEngine = createChatEngine({
    store,
    onError: (error) => {
      if (!health.absorb(error, { source: 'engine' })) logger.error({ err: error }, 'engine error');
    },
    policy: { ...enginePolicyFrom(limits, options.rooms, options.roomSettings), knownRooms: directory.knownRooms },
    // `chats:get { fields: 'presence' }`: only requests ask, after visitor presence (which needs the
    // socket.io server) exists.
    isConnected: async (userId) => (late.visitorPresence ? late.visitorPresence.isConnected(userId) : false),
  });
  // Logout and the nodes' change messages need the socket.io server, created below; only requests
  // and admin changes, after that, read it.
  const late: { io?: ParleyIo; url?: string; presence?: Presence; visitorPresence?: VisitorPresence } = {};
  // Handshakes read users (and agents' account flags) from here. Every change to a stored user or an
  // account reaches `userChanged` once committed: this node forgets the user, and tells the others
  // (through the adapter, once `late.io` exists) to do the same.
  const knownUsers = createKnownUsers({
    async load(claims) {
      const user = await chatEngine.ensureUser(claims);
      const disabled = user.role === 'agent' && (await store.admin.accountFlags(user.id)).disabled;
      return { id: user.id, role: user.role, name: user.name, disabled };
    },
    // A change made where no node hears of it (`parley-server agents disable|enable` on the command line,
    // a message Redis lost) is seen by handshakes within a minute.
    agentTtlMs: 60_000,
  });
  const userChanged = (userId: string) => {
    knownUsers.forget(userId);
    // One node alone has nobody to tell (its in-memory adapter refuses serverSideEmit).
    if (options.redisUrl) late.io?.serverSideEmit('parley:user-changed', userId);
  };
  const engine: ChatEngine = {
    ...chatEngine,
    async updateVisitor(id, changes) {
      try {
        return await chatEngine.updateVisitor(id, changes);
      } finally {
        userChanged(id);
      }
    },
    async registerAgent(agent) {
      try {
        return await chatEngine.registerAgent(agent);
      } finally {
        userChanged(agent.id);
      }
    },
  };
  const roomsSeen = new Set<string>();
  const metrics = createMetrics(() => engine.queueLengths([...roomsSeen]));

  // `--trust-proxy`: REST (`request.ip`) and the socket handshake read the client's address alike.
  const trust = trustFunction(options.trustProxy);
  const app = Fastify({
    trustProxy: trust,
    loggerInstance: logger as FastifyBaseLogger,
    // Requests are counted in metrics; a log line per request would drown the events that matter.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.limits.maxPayloadBytes,
    frameworkErrors: refuseUrl,
  });
  // Several nodes share every abuse limit through Redis; one node keeps them in memory.
  const redisPrefix = options.redisPrefix ?? 'parley';
  const limitsRedis = options.redisUrl ? await connectLimitsRedis(options.redisUrl, logger) : undefined;
  const onLimitStoreError = (error: unknown) => logger.debug({ err: error }, 'a limit fell back to this node while Redis is away');
  await registerRestLimits(app, { redis: limitsRedis, redisPrefix });
  registerSecurityHeaders(app, { consoleServers: options.consoleServers ?? [] });
  const revocations = createRevocations({ tokens, store, io: () => late.io, redis: limitsRedis, prefix: redisPrefix, onError: onLimitStoreError });
  await revocations.start();
  const now = options.now ?? Date.now;
  const administration = createAdministration({
    engine,
    store,
    directory,
    now,
    // One node alone has nobody to tell (its in-memory adapter refuses serverSideEmit).
    ...(options.redisUrl && { roomsChanged: () => late.io?.serverSideEmit('parley:rooms-changed') }),
    accountChanged: userChanged,
    presenceSettled: async (userId) => late.presence?.settled(userId),
    // Every node's sockets of the agent (through the adapter): a deactivated agent is off at once.
    disconnect: (userId) => late.io?.in(userRoom(userId)).disconnectSockets(true),
    publicUrl: () => options.publicUrl ?? late.url ?? '',
  });
  // One check for every REST route that takes a session token: signed, unexpired, not logged out, and
  // not a deactivated agent's.
  const authenticate = createSessionAuth({
    tokens,
    isRevoked: (jti) => revocations.isRevoked(jti),
    isDisabled: (userId) => administration.isDisabled(userId),
  });
  registerRest(app, {
    authenticate,
    engine,
    store,
    tokens,
    identity,
    metrics,
    health,
    limits,
    loginThrottle: createLoginThrottle(limits, { redis: limitsRedis, prefix: redisPrefix, onError: onLimitStoreError }),
    consoleServers: options.consoleServers ?? [],
    roomInfo: (room) => {
      // The team's e-mail addresses (`teamEmail`, issue 17) stay on the server.
      const { teamEmail: _teamEmail, ...settings } = directory.settingsOf(room) ?? {};
      return { name: room, ...settings, ...(settings.hours && { open: administration.isOpen(settings.hours) }) };
    },
    isDisabled: (userId) => administration.isDisabled(userId),
    metricsHere: options.metricsPort === undefined,
    metricsToken: options.metricsToken,
    revoke: (token) => revocations.logout(token),
  });
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.outbox?.retry };
  const pollMs = options.outbox?.pollMs;
  const mail = options.smtpUrl
    ? createMailService({
        store,
        smtpUrl: options.smtpUrl,
        from: options.mailFrom ?? 'Parley <parley@localhost>',
        // The directory, not the file alone: an admin-managed room's teamEmail counts too (and its changes at once).
        settingsOf: (room) => directory.settingsOf(room),
        now,
        retry,
        ...(pollMs !== undefined && { pollMs }),
        logger,
        // The chat's new `origin` reaches its members and its room's agents as any change of a chat
        // does (their queue views and open chats mark it); never awaited by the queueing.
        becameOfflineMessage: (chatId) => {
          engine.chatChanged(chatId).catch((error: unknown) => {
            if (!health.absorb(error, { source: 'offline message', chatId })) logger.warn({ err: error, chatId }, 'chat:updated for an offline message failed');
          });
        },
      })
    : undefined;
  const webhooks = createWebhookService({
    store,
    fromFile: webhookTargets,
    retry,
    ...(pollMs !== undefined && { pollMs }),
    ...(options.outbox?.webhookTimeoutMs !== undefined && { timeoutMs: options.outbox.webhookTimeoutMs }),
    logger,
  });
  // E-mail and webhooks are queued from committed events through the event journal (exactly once,
  // whichever node dies when); see outboxPlanner.ts.
  const outboxPlanner = createOutboxPlanner({
    sql: store.sql,
    journal: store.journal,
    consumers: mail ? [webhooks, mail] : [webhooks],
    logger,
    absorb: (error, context) => health.absorb(error, context),
    soleNode: store.sql.dialect === 'pglite',
  });
  const publish: PublishWebhookEvent = (event, cause) => outboxPlanner.publish(event, cause);
  registerTranscriptRoute(app, { engine, authenticate, mail });
  const adminGuard = createAdminGuard({ administration, authenticate });
  registerWebhookRoutes(app, {
    webhooks,
    adminToken: options.adminToken,
    adminOf: (request) => adminGuard.adminOf(request),
    audit: (entry) => administration.record(entry),
  });
  registerAdminRoutes(app, {
    administration,
    engine,
    tokens,
    limits,
    loginThrottle: createLoginThrottle(limits, { redis: limitsRedis, prefix: `${redisPrefix}:password`, onError: onLimitStoreError }),
    authenticate,
  });
  const databaseStorage = createDatabaseFileStorage(store);
  await registerFileRoutes(app, {
    store,
    databaseStorage,
    storage: options.files?.storage === 's3' && options.files.s3 ? createS3FileStorage(options.files.s3) : databaseStorage,
    links: createFileLinks(secret, options.files?.linkSeconds ?? 3600),
    limits,
    allowedTypes: options.files?.allowedTypes ?? defaultFileTypes,
    authenticate,
  });
  registerRecords(app, { store, authenticate, publish });
  await registerStaticMounts(app, options.staticMounts ?? []);
  await options.routes?.(app);

  const io: ParleyIo = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: true },
    // A frame past twice the payload limit is not worth parsing: socket.io drops the connection.
    maxHttpBufferSize: config.limits.maxPayloadBytes * 2,
    perMessageDeflate: false,
  });
  late.io = io;
  io.on('parley:user-changed', (userId) => {
    if (typeof userId === 'string') knownUsers.forget(userId);
  });
  io.on('parley:rooms-changed', () => {
    directory.refresh().catch((error: unknown) => logger.debug({ err: error }, 'rooms could not be re-read'));
  });
  let redis: RedisLink | undefined;
  if (options.redisUrl) {
    redis = await connectRedisAdapter({ url: options.redisUrl, key: options.redisPrefix ?? 'parley', health });
    io.adapter(redis.adapter);
  }

  // Every event the engine produces leaves through this one subscription (commands, presence, timers).
  engine.subscribe(
    createDelivery(io, (event) => {
      if (event.event === 'chat:updated') roomsSeen.add(event.payload.chat.room);
    }),
  );
  // After delivery, and never awaited by it: e-mail and webhooks only queue work for their workers.
  engine.subscribe((events, sentOver, journal) => outboxPlanner.observe(events, sentOver, journal));
  // Targets read before anything is committed, so the first events are journaled for them too.
  await webhooks.start();
  const presence = createPresence({
    io,
    engine,
    graceMs: config.presenceGraceMs,
    logger,
    isDeactivated: (agentId) => administration.isDisabled(agentId),
    departures: createDepartures({ redis: limitsRedis, prefix: redisPrefix, kind: 'agent', graceMs: config.presenceGraceMs, logger }),
  });
  late.presence = presence;
  const visitorPresence = createVisitorPresence({ io, engine, graceMs: config.presenceGraceMs, logger, redis: limitsRedis, prefix: redisPrefix });
  late.visitorPresence = visitorPresence;
  const clusterPresence = createClusterPresence({
    io,
    engine,
    table: store.cluster,
    logger,
    health,
    graceMs: config.presenceGraceMs,
    // As its sockets connecting again would: online if the reap took it offline, its offers shown again.
    rejoined: async (agentId) => {
      for (const invitation of await presence.connected(agentId)) io.in(userRoom(agentId)).local.emit('invitation:new', invitation);
    },
    ...(options.clusterHeartbeatMs !== undefined && { heartbeatMs: options.clusterHeartbeatMs }),
    ...(options.clusterLeaseMs !== undefined && { leaseMs: options.clusterLeaseMs }),
  });
  const inflight = new Inflight();
  let closing = false;
  const socketLimits = createSocketLimits({ limits, redis: limitsRedis, prefix: redisPrefix, nodeId: randomUUID(), onError: onLimitStoreError });
  const gateway = attachGateway({
    io,
    engine,
    tokens,
    limits: config.limits,
    metrics,
    presence,
    visitorPresence,
    inflight,
    logger,
    isClosing: () => closing,
    health,
    socketLimits,
    isRevoked: (jti) => revocations.isRevoked(jti),
    knownUsers,
    clientAddress: (socket) => clientAddress(socket.request, trust),
  });

  async function addAgent(account: AgentAccount): Promise<void> {
    await engine.registerAgent({
      id: account.username,
      name: account.name,
      rooms: account.rooms,
      ...(account.capacity !== undefined ? { capacity: account.capacity } : {}),
      ...(account.avatarUrl !== undefined ? { avatarUrl: account.avatarUrl } : {}),
    });
    await store.putCredentials(account.username, account.username, await hashPassword(account.password));
    if (account.admin !== undefined) await store.admin.setAccountFlags(account.username, { admin: account.admin });
    for (const room of account.rooms) roomsSeen.add(room);
  }

  if (config.demo) {
    await seedDemo(engine, store, { configuredRooms: directory.configRooms(), now: new Date(now()).toISOString() });
    await directory.refresh();
    roomsSeen.add('support');
  }
  await engine.start();
  directory.start();
  await clusterPresence.start();
  mail?.start();
  outboxPlanner.start();
  // Each node arms timers for the offers it makes; this sweep expires offers whose node died, so a
  // crashed node's invitations still end on time (late by at most one sweep) on the survivors.
  const offerSweep = setInterval(() => void engine.expireDueOffers(), options.offerSweepMs ?? 5_000);
  offerSweep.unref();
  // The delivery log keeps finished e-mails and webhook deliveries for a week.
  const outboxPrune = setInterval(() => {
    store.outbox.prune(options.outbox?.retentionMs ?? 7 * 24 * 3_600_000).catch((error: unknown) => logger.debug({ err: error }, 'outbox prune failed'));
  }, 10 * 60_000);
  outboxPrune.unref();
  new Gauge({
    name: 'parley_outbox_pending',
    help: 'E-mails and webhook deliveries waiting to be sent (or retried), by kind',
    labelNames: ['kind'] as const,
    registers: [metrics.registry],
    async collect() {
      for (const kind of ['mail', 'webhook'] as const) {
        // A scrape while the database is away reports what it can (the gauge stays as it was).
        const pending = await store.outbox.pendingCount(kind).catch(() => undefined);
        if (pending !== undefined) this.set({ kind }, pending);
      }
    },
  });
  new Gauge({
    name: 'parley_event_journal_entries',
    help: 'Committed events whose e-mail and webhooks are not queued yet (a number that keeps growing means queueing fails)',
    registers: [metrics.registry],
    async collect() {
      const entries = await store.journal.count().catch(() => undefined);
      if (entries !== undefined) this.set(entries);
    },
  });
  // A deep accept queue (Node's default is 511; Linux caps it at net.core.somaxconn): when a node dies,
  // its clients all reconnect to the survivors at once, and connections past a full queue were
  // dropped while the event loop was busy (failed handshakes in `pnpm bench server`'s storm).
  let closed: Promise<void> | undefined;
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  function close(): Promise<void> {
    closed ??= (async () => {
      closing = true;
      clearInterval(offerSweep);
      clearInterval(outboxPrune);
      gateway.stop();
      directory.stop();
      engine.stop();
      await presence.stop();
      await visitorPresence.stop();
      await inflight.drained();
      await disconnectAfterFlush(io, 2_000);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
      await metricsServer?.close();
      socketLimits.close();
      await limitsRedis?.quit().catch(() => limitsRedis.disconnect());
      await clusterPresence.stop();
      await outboxPlanner.stop();
      await webhooks.stop();
      await mail?.stop();
      await redis?.quit();
      health.stop();
      await store.close();
    })();
    return closed;
  }

  try {
    await app.listen({ port: config.port, host: config.host, backlog: 4096 });
    if (options.metricsPort !== undefined) {
      metricsServer = await startMetricsServer({ metrics, token: options.metricsToken, host: config.host, port: options.metricsPort });
    }
  } catch (error) {
    // A port in use must not leave the store open (its PGlite folder stays locked while it is),
    // nor timers and Redis connections running: an app that retries in the same process can.
    await close().catch((closeError: unknown) => logger.error({ err: closeError }, 'closing after a failed start'));
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  late.url = url;

  return {
    url,
    port,
    engine,
    store,
    io,
    tokens,
    logger,
    addAgent,
    webhooks: Object.assign(webhooks, { publish }),
    ...(mail && { mail }),
    administration,
    ...(metricsServer && { metricsPort: metricsServer.port }),
    close,
  };
}
