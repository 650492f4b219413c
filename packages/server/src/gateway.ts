import { performance } from 'node:perf_hooks';
import type { ChatEngine } from '@parley/engine';
import type { AckEnvelope, ClientEventName, ErrorPayload } from '@parley/protocol';
import { ackError, ackOk, clientEventNames, isClientEventName, ParleyError } from '@parley/protocol';
import type { Logger } from 'pino';
import type { ServerLimits } from './config';
import type { DependencyHealth } from './dependencyHealth';
import type { Inflight } from './inflight';
import type { KnownUsers } from './knownUsers';
import type { ServerMetrics } from './metrics';
import type { Presence } from './presence';
import { userRoom } from './rooms';
import type { ParleyIo, ParleySocket, SocketData } from './socketTypes';
import type { SocketLimits } from './socketLimits';
import { sweepExpiredSockets } from './expirySweep';
import { coalesceWrites } from './tickWrites';
import { TokenBucket } from './tokenBucket';
import type { TokenService } from './tokens';
import type { VisitorPresence } from './visitorPresence';

interface GatewayOptions {
  io: ParleyIo;
  engine: ChatEngine;
  tokens: TokenService;
  limits: ServerLimits;
  metrics: ServerMetrics;
  presence: Presence;
  visitorPresence: VisitorPresence;
  inflight: Inflight;
  logger: Logger;
  isClosing: () => boolean;
  health: DependencyHealth;
  socketLimits: SocketLimits;
  /** Whether a token id was revoked (its session ended). */
  isRevoked: (jti: string) => Promise<boolean>;
  /**
   * The users handshakes met, with whether an agent is deactivated (issue 16): a known user's
   * reconnect needs no database transaction, an agent's neither.
   */
  knownUsers: KnownUsers;
  /** The client's address (the peer's, or X-Forwarded-For's when the proxy is trusted). */
  clientAddress: (socket: ParleySocket) => string;
}

type Ack = (envelope: AckEnvelope<unknown>) => void;

/** The engine.io connection under a socket (one socket per connection: Parley has one namespace). */
type Connection = ParleySocket['conn'];

/** A socket slot held from the handshake until the connection closes (see `socketLimits`). */
interface HeldSlot {
  socketId: string;
  ip: string;
  userId: string;
}

/**
 * Bytes of the packet each connection is receiving: the size limit is checked on it. A packet is one
 * text frame, followed by one binary frame per attachment when it carries binary data (socket.io
 * decodes the event once the last has come): a text frame starts the count, each binary frame adds
 * to it. Kept here, not on the socket, so the listener that notes it is one function shared by every
 * connection.
 */
const lastFrameBytes = new WeakMap<Connection, number>();

function noteFrameBytes(this: Connection, frame: string | Buffer): void {
  if (typeof frame === 'string') lastFrameBytes.set(this, Buffer.byteLength(frame));
  else lastFrameBytes.set(this, (lastFrameBytes.get(this) ?? 0) + frame.byteLength);
}

/**
 * Sizes of the frames events came in, by payload object. Noted by the gateway's `onAny` listener,
 * which socket.io runs at once when it decodes the frame, while the event's own listener runs a tick
 * later (after the socket's middlewares), when a later frame of the same read may have arrived.
 */
const frameBytes = new WeakMap<object, number>();

/**
 * The socket side of the protocol: handshake auth, then for every client event — rate limit, size
 * limit, schema validation and the engine (which authorises) — an ack envelope. The engine's events
 * reach their users through its one stream (see `createDelivery`), not from here. Arguments arrive
 * untrusted: the event maps type what a well-behaved client sends, and the handlers read `unknown`.
 */
export function attachGateway(options: GatewayOptions): { stop(): void } {
  const { io, engine, tokens, limits, metrics, presence, visitorPresence, inflight, logger, isClosing, health, socketLimits, isRevoked, knownUsers, clientAddress } = options;

  /**
   * The held socket slots, by connection; each is released once. During the handshake a slot is
   * released when the connection closes (a client that goes away while its handshake is still
   * running never gets `connection` nor `disconnect`, and its slot would be held for good); once
   * connected, on the socket's `disconnect`, and the connection's listener is taken off again. The
   * listeners are shared functions (`this` is the connection or the socket): an idle socket holds no
   * closure of the gateway's.
   */
  const heldSlots = new Map<Connection, HeldSlot>();
  const releaseSlot = (connection: Connection) => {
    const slot = heldSlots.get(connection);
    if (!slot) return;
    heldSlots.delete(connection);
    socketLimits.release(slot.socketId, slot.ip, slot.userId);
  };
  function releaseOnClose(this: Connection): void {
    releaseSlot(this);
  }
  // An open socket does not outlive its token: disconnected once `exp` has passed (within a second),
  // its reconnect is refused `unauthorized`, which clients turn into signing in again.
  const stopExpirySweep = sweepExpiredSockets(io);

  io.use(async (socket, next) => {
    try {
      // Only `auth`: a token in the query string would end up in proxy and access logs.
      const claims = await tokens.verify((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      // An ended session (logout, a visitor's "end session"): from Redis or memory, not the database.
      if (claims.jti !== undefined && (await isRevoked(claims.jti))) {
        throw new ParleyError('unauthorized', 'the session token is invalid or expired');
      }
      // The slot is held from here until the connection closes (at once if the handshake fails).
      const ip = clientAddress(socket);
      await socketLimits.reserve(socket.id, ip, claims.sub);
      heldSlots.set(socket.conn, { socketId: socket.id, ip, userId: claims.sub });
      if (socket.conn.readyState !== 'open') throw new ParleyError('unauthorized', 'the connection closed during the handshake');
      socket.conn.on('close', releaseOnClose);
      const user = await knownUsers.ensure({ id: claims.sub, role: claims.role, name: claims.name });
      if (user.role !== claims.role) throw new ParleyError('unauthorized', 'the token does not match the user');
      if (user.disabled) throw new ParleyError('unauthorized', 'this account is deactivated');
      // No rate bucket yet: an idle socket needs none, and one made at the first event is as full.
      const data: SocketData = {
        user: { id: user.id, role: user.role, name: user.name },
        ...(claims.jti !== undefined && { jti: claims.jti }),
        ...(claims.exp !== undefined && { exp: claims.exp }),
      };
      socket.data = data;
      next();
    } catch (error) {
      releaseSlot(socket.conn);
      const payload =
        error instanceof ParleyError ? error.toPayload() : health.absorb(error, { during: 'handshake' }) ? health.refusal()! : internalError(error, logger);
      metrics.countLimit(payload);
      // The whole error payload: `code` for every client, `details.limit` for a limit's refusal.
      next(Object.assign(new Error(payload.message), { data: payload }));
    }
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    // From here the socket's `disconnect` releases the slot.
    socket.conn.off('close', releaseOnClose);
    void socket.join(userRoom(user.id));
    metrics.connectedSockets.inc();
    coalesceWrites(socket);
    // Before socket.io's own listener, which decodes the frame (`onAnyEvent` notes this size against
    // the event's payload).
    socket.conn.prependListener('data', noteFrameBytes);
    if (user.role === 'agent') {
      // Online if it was offline, and the offers made while this agent had no socket (a reload) shown
      // again, with their deadlines: one transaction.
      presence.connected(user.id).then(
        (invitations) => {
          for (const invitation of invitations) socket.emit('invitation:new', invitation);
        },
        (error: unknown) => logger.error({ err: error }, 'presence failed'),
      );
    } else {
      // Back after the agents were told the visitor left: they are told of the return.
      visitorPresence.connected(user.id);
    }

    // The gateway's listener functions are shared by every socket (`this` is the socket), and an
    // event's is added on the socket's first use of it (see `onAnyEvent`): an idle socket holds one.
    socket.onAny(onAnyEvent);
    socket.on('disconnect', onDisconnect);
  });

  function onDisconnect(this: ParleySocket): void {
    releaseSlot(this.conn);
    metrics.connectedSockets.dec();
    const { user } = this.data;
    if (user.role === 'agent') presence.disconnected(user.id);
    else visitorPresence.disconnected(user.id);
  }

  /**
   * Runs as socket.io decodes each event, before the socket's middlewares (`socket.use`) and the
   * event's listeners, which come a tick later. It notes the frame's size, and adds the gateway's
   * listener for a client event the first time the socket sends it — as a listener, it runs after
   * the middlewares, which may rewrite the packet or refuse it.
   */
  function onAnyEvent(this: ParleySocket, event: unknown, ...args: unknown[]): void {
    if (isClientEventName(event)) {
      if (typeof args[0] === 'object' && args[0] !== null) frameBytes.set(args[0], lastFrameBytes.get(this.conn) ?? 0);
      const listener = eventListeners[event];
      // listenerCount with the listener: no copy of the listener array per event, as `listeners()` makes.
      if (this.listenerCount(event, listener) === 0) this.on(event, listener);
      return;
    }
    const ack = args.findLast((arg): arg is Ack => typeof arg === 'function');
    const name = typeof event === 'string' ? event.slice(0, 80) : typeof event;
    metrics.events.inc({ event: 'unknown', outcome: 'invalid_payload' });
    ack?.({ ok: false, error: { code: 'invalid_payload', message: `unknown event ${JSON.stringify(name)}` } });
  }

  const eventListeners = Object.fromEntries(
    clientEventNames.map((event) => [
      event,
      function (this: ParleySocket, ...args: unknown[]) {
        void handle(this, event, args);
      },
    ]),
  ) as Record<ClientEventName, (this: ParleySocket, ...args: unknown[]) => void>;

  async function handle(socket: ParleySocket, event: ClientEventName, args: unknown[]): Promise<void> {
    inflight.enter();
    try {
      const started = performance.now();
      // `emit(event, ack)` without a payload puts the ack first; without an ack, nobody hears the answer
      // but the command still runs (the seed's send() always passes one).
      const ack = lastFunction(args);
      const payload = typeof args[0] === 'function' ? undefined : args[0];
      let envelope: AckEnvelope<unknown>;
      try {
        envelope = await answer(socket, event, payload);
      } catch (error) {
        envelope = { ok: false, error: internalError(error, logger) };
      }
      metrics.events.inc({ event, outcome: envelope.ok ? 'ok' : envelope.error.code });
      if (!envelope.ok) metrics.countLimit(envelope.error);
      metrics.ackLatency.observe({ event }, (performance.now() - started) / 1000);
      ack?.(envelope);
    } finally {
      inflight.leave();
    }
  }

  /** One client event's answer: the limits, then the engine. Shared by every socket (no closure per event). */
  async function answer(socket: ParleySocket, event: ClientEventName, payload: unknown): Promise<AckEnvelope<unknown>> {
    const { user } = socket.data;
    // Made at the socket's first event: an idle socket needs none, and one made now is as full.
    const bucket = (socket.data.bucket ??= new TokenBucket(limits.eventBurst, limits.eventsPerSecond));
    // Not a fault of the server's (`internal`): the event never ran, and another node (or this one
    // restarted) takes it — `unavailable`, the code clients already retry after a pause.
    if (isClosing()) return ackError({ code: 'unavailable', message: 'the server is shutting down; retry on reconnect', details: { shuttingDown: true } });
    // A dependency is away: refuse before starting work the node could not finish or deliver.
    const away = health.refusal();
    if (away) return ackError(away);
    if (!bucket.take()) {
      return ackError(ParleyError.limitRefusal('rate_limited', 'events_per_socket', 'too many events; slow down').toPayload());
    }
    // Every socket of the user draws on one more budget (shared by all nodes through Redis): more
    // sockets must not mean more events.
    if (!(await socketLimits.takeUserEvent(user.id))) {
      return ackError(ParleyError.limitRefusal('rate_limited', 'events_per_user', 'too many events from your connections; slow down').toPayload());
    }
    const bytes = payloadBytes(payload);
    if (bytes > limits.maxPayloadBytes) {
      return ackError(
        ParleyError.limitRefusal('payload_too_large', 'payload_bytes', `the payload is ${bytes} bytes; the limit is ${limits.maxPayloadBytes}`, {
          max: limits.maxPayloadBytes,
        }).toPayload(),
      );
    }
    // The socket's id comes back with the events of a `messages:send`: its own socket gets no echo.
    const outcome = await engine.handle({ id: user.id, role: user.role }, event, payload, socket.id);
    if (outcome.ok) return ackOk(outcome.data);
    // An `internal` caused by a lost database connection (health heard of it through the engine's
    // onError) is the retryable `unavailable`.
    return ackError((outcome.error.code === 'internal' && health.refusal()) || outcome.error);
  }

  return { stop: stopExpirySweep };
}

/** The last function among an event's arguments: its ack, if the client asked for one. */
function lastFunction(args: readonly unknown[]): Ack | undefined {
  for (let index = args.length - 1; index >= 0; index--) {
    const arg = args[index];
    if (typeof arg === 'function') return arg as Ack;
  }
  return undefined;
}

/**
 * The size the limit is checked on: the frame's as it arrived (the payload's JSON plus the event
 * name and ack id), without serialising the payload again. A payload a middleware replaced, or a
 * bare string, is measured itself.
 */
function payloadBytes(payload: unknown): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (typeof payload !== 'object' || payload === null) return 0;
  const noted = frameBytes.get(payload);
  if (noted !== undefined) return noted;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Infinity;
  }
}

function internalError(error: unknown, logger: Logger): ErrorPayload {
  logger.error({ err: error }, 'unexpected error');
  return { code: 'internal', message: 'internal error' };
}
