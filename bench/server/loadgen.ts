// Child process: the load generator. Opens a visitor socket and an agent socket per chat
// (socket.io-client, websocket only), creates the chats (visitor `chats:create` in the seat's room, agent
// `chats:join`), then on each `run` sends `messages:send` both ways with unique clientIds and times
// send → the other side's `message:received` with performance.now() in this process.
//   rate:       open loop, a fixed number of messages per second over all chats, alternating
//               directions, whatever the answers (so a slow server cannot slow the offered load).
//   saturation: closed loop, each chat keeps `window` messages in flight; each delivery sends the next.
// After the send phase it waits (up to drainMs) for what is still on its way, then counts lost
// (never reached the other side) and duplicated (reached it twice) messages.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { failToParent, finishWith, tellParent } from '../lib/child';
import { cpuSeconds, machineBusySeconds, postgresBackends, rssBytes, runQueueWaitSeconds } from '../lib/proc';
import { quantile, sortedCopy } from '../lib/stats';
import type { ChatSeat, LoadIn, LoadOut, RunResult, RunSpec, StormResult } from './protocol';

interface Seat {
  index: number;
  chatId: string;
  visitor: Socket;
  agent: Socket;
  inFlight: number;
  nextFromAgent: boolean;
}

interface Sent {
  t0: number;
  seat: number;
  fromAgent: boolean;
  received: number;
}

interface ActiveRun {
  spec: RunSpec;
  sent: Map<string, Sent>;
  counter: number;
  sending: boolean;
  windowEnd: number;
  outstanding: number;
  pendingAcks: number;
  acked: number;
  refused: number;
  refusals: string[];
  delivered: number;
  deliveredInWindow: number;
  duplicated: number;
  stray: number;
  latencies: number[];
  sendLagMaxMs: number;
}

type Envelope = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

const seats: Seat[] = [];
/** Where setup connected, and with which tokens: a storm reuses them. */
let target: { url: string; tokens: string[] } | undefined;
let stormSockets: Socket[] = [];
/** The drain gives up after this long without a single delivery or ack. */
const stallMs = 10_000;
let run: ActiveRun | undefined;

function reply(message: LoadOut): void {
  tellParent(message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` on every item with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 300_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => reject(new Error(`connect failed: ${error.message}`)));
  });
}

async function request(socket: Socket, event: string, payload: unknown): Promise<Record<string, unknown>> {
  const envelope = (await socket.timeout(30_000).emitWithAck(event, payload)) as Envelope;
  if (!envelope.ok) throw new Error(`${event}: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data;
}

async function setup(url: string, chatSeats: readonly ChatSeat[]): Promise<{ connectMs: number; chatsMs: number }> {
  target = { url, tokens: chatSeats.flatMap((seat) => [seat.visitorToken, seat.agentToken]) };
  const started = performance.now();
  const sockets: { visitor: Socket; agent: Socket }[] = [];
  await pool(
    chatSeats.map((seat, index) => ({ seat, index })),
    50,
    async ({ seat, index }) => {
      const [visitor, agent] = await Promise.all([connect(url, seat.visitorToken), connect(url, seat.agentToken)]);
      sockets[index] = { visitor, agent };
    },
  );
  const connected = performance.now();
  await pool(
    chatSeats.map((seat, index) => ({ seat, index })),
    50,
    async ({ seat, index }) => {
      const { visitor, agent } = sockets[index]!;
      const created = await request(visitor, 'chats:create', { room: seat.room, source: 'bench', creator: seat.visitorId });
      const chatId = (created.chat as { id: string }).id;
      await request(agent, 'chats:join', { chatId, userId: seat.agentId });
      seats[index] = { index, chatId, visitor, agent, inFlight: 0, nextFromAgent: index % 2 === 1 };
      visitor.on('message:received', (payload: unknown) => received(index, false, payload));
      agent.on('message:received', (payload: unknown) => received(index, true, payload));
    },
  );
  return { connectMs: connected - started, chatsMs: performance.now() - connected };
}

function received(seatIndex: number, byAgent: boolean, payload: unknown): void {
  const clientId = (payload as { message?: { clientId?: unknown } } | undefined)?.message?.clientId;
  if (!run) return;
  const sent = typeof clientId === 'string' ? run.sent.get(clientId) : undefined;
  if (!sent) {
    run.stray++;
    return;
  }
  if (sent.fromAgent === byAgent) return; // the sender's own copy (members include the sender)
  if (sent.seat !== seatIndex) {
    run.stray++; // delivered into the wrong chat: count it as stray; it stays undelivered, so lost too
    return;
  }
  sent.received++;
  if (sent.received > 1) {
    run.duplicated++;
    return;
  }
  const now = performance.now();
  run.latencies.push(now - sent.t0);
  run.delivered++;
  run.outstanding--;
  if (now <= run.windowEnd) run.deliveredInWindow++;
  if (run.spec.mode === 'saturation') {
    const seat = seats[seatIndex]!;
    seat.inFlight--;
    if (run.sending) send(seat);
  }
}

function send(seat: Seat, fromAgent = seat.nextFromAgent): void {
  const active = run!;
  seat.nextFromAgent = !fromAgent;
  const clientId = `${active.spec.id}-${active.counter++}`;
  const socket = fromAgent ? seat.agent : seat.visitor;
  active.sent.set(clientId, { t0: performance.now(), seat: seat.index, fromAgent, received: 0 });
  active.outstanding++;
  active.pendingAcks++;
  seat.inFlight++;
  socket.emit('messages:send', { chatId: seat.chatId, clientId, type: 'text', message: `bench message ${clientId}` }, (envelope: Envelope) => {
    active.pendingAcks--;
    if (envelope.ok) active.acked++;
    else {
      active.refused++;
      if (active.refusals.length < 5) active.refusals.push(`${envelope.error.code}: ${envelope.error.message}`);
    }
  });
}

async function measure(spec: RunSpec): Promise<RunResult> {
  const active: ActiveRun = {
    spec,
    sent: new Map(),
    counter: 0,
    sending: true,
    windowEnd: Infinity,
    outstanding: 0,
    pendingAcks: 0,
    acked: 0,
    refused: 0,
    refusals: [],
    delivered: 0,
    deliveredInWindow: 0,
    duplicated: 0,
    stray: 0,
    latencies: [],
    sendLagMaxMs: 0,
  };
  for (const seat of seats) seat.inFlight = 0;
  run = active;

  // The pool opens and closes backends (idle ones close after 10 s): count each backend seen at the end
  // from its CPU at the start, or from zero if it started during the run.
  const backends0 = spec.database !== undefined ? postgresBackends(spec.database) : [];
  const backendCpu0 = new Map(backends0.map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  const backendWait0 = new Map(backends0.map((pid) => [pid, runQueueWaitSeconds(pid) ?? 0]));
  const serverWait0 = runQueueWaitSeconds(spec.serverPid) ?? NaN;
  const loadgenWait0 = runQueueWaitSeconds(process.pid) ?? NaN;
  let rssMax = rssBytes(spec.serverPid) ?? 0;
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, rssBytes(spec.serverPid) ?? 0)), 200);
  const serverCpu0 = cpuSeconds(spec.serverPid) ?? NaN;
  const loadgenCpu0 = process.cpuUsage();
  const busy0 = machineBusySeconds();
  const start = performance.now();
  active.windowEnd = start + spec.durationMs;

  if (spec.mode === 'saturation') {
    const window = spec.window ?? 1;
    for (let round = 0; round < window; round++) for (const seat of seats) send(seat);
    await sleep(spec.durationMs);
  } else {
    const rate = spec.rate ?? 1;
    const total = Math.round((rate * spec.durationMs) / 1000);
    let count = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
        if (count < due) active.sendLagMaxMs = Math.max(active.sendLagMaxMs, now - (start + (count * 1000) / rate));
        while (count < due) {
          // Message k goes to chat k mod N; each chat alternates visitor → agent and agent → visitor.
          const seat = seats[count % seats.length]!;
          send(seat, Math.floor(count / seats.length) % 2 === 1);
          count++;
        }
        if (count >= total) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    await sleep(Math.max(0, active.windowEnd - performance.now()));
  }
  active.sending = false;
  const end = performance.now();
  const serverCpu1 = cpuSeconds(spec.serverPid) ?? NaN;
  const serverWait = (runQueueWaitSeconds(spec.serverPid) ?? NaN) - serverWait0;
  const loadgenWait = (runQueueWaitSeconds(process.pid) ?? NaN) - loadgenWait0;
  const backends1 = spec.database !== undefined ? postgresBackends(spec.database) : [];
  const databaseCpu = backends1.reduce((sum, pid) => sum + Math.max(0, (cpuSeconds(pid) ?? 0) - (backendCpu0.get(pid) ?? 0)), 0);
  const databaseWait = backends1.reduce((sum, pid) => sum + Math.max(0, (runQueueWaitSeconds(pid) ?? 0) - (backendWait0.get(pid) ?? 0)), 0);
  const loadgenCpu = process.cpuUsage(loadgenCpu0);
  const busy = machineBusySeconds() - busy0;
  clearInterval(rssTimer);
  const seconds = (end - start) / 1000;

  // Drain: wait for what is on its way — as long as deliveries keep coming (an overloaded server
  // works off its backlog), at most drainMs — then a little longer so a late duplicate is still seen.
  const drainEnd = performance.now() + spec.drainMs;
  let progressAt = performance.now();
  let seen = active.delivered + active.acked;
  while ((active.outstanding > 0 || active.pendingAcks > 0) && performance.now() < drainEnd && performance.now() - progressAt < stallMs) {
    await sleep(20);
    if (active.delivered + active.acked !== seen) {
      seen = active.delivered + active.acked;
      progressAt = performance.now();
    }
  }
  const drainedMs = performance.now() - end;
  await sleep(200);
  run = undefined;

  const sorted = sortedCopy(active.latencies);
  const result: RunResult = {
    id: spec.id,
    mode: spec.mode,
    chats: seats.length,
    durationMs: end - start,
    sent: active.sent.size,
    acked: active.acked,
    refused: active.refused,
    refusals: active.refusals,
    delivered: active.delivered,
    deliveredPerSecond: active.deliveredInWindow / seconds,
    lost: active.sent.size - active.delivered,
    duplicated: active.duplicated,
    stray: active.stray,
    latency: {
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      p999: quantile(sorted, 0.999),
      max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
      count: sorted.length,
    },
    serverCpuPercent: ((serverCpu1 - serverCpu0) / seconds) * 100,
    loadgenCpuPercent: ((loadgenCpu.user + loadgenCpu.system) / 1e6 / seconds) * 100,
    serverRssMb: rssMax / 1024 / 1024,
    otherCpuPercent:
      ((busy - (serverCpu1 - serverCpu0) - databaseCpu - (loadgenCpu.user + loadgenCpu.system) / 1e6) / seconds) * 100,
    sendLagMaxMs: active.sendLagMaxMs,
    drainMs: drainedMs,
    serverRunQueuePercent: (serverWait / seconds) * 100,
    loadgenRunQueuePercent: (loadgenWait / seconds) * 100,
  };
  if (spec.database !== undefined) {
    result.databaseCpuPercent = (databaseCpu / seconds) * 100;
    result.databaseRunQueuePercent = (databaseWait / seconds) * 100;
  }
  return result;
}

/** Every socket at once, no pool: what a node sees when its peer dies and all those clients come over. */
async function storm(count: number, serverPid: number, database: string | undefined): Promise<StormResult> {
  if (!target) throw new Error('storm before setup');
  const { url, tokens } = target;
  const serverCpu = () =>
    (cpuSeconds(serverPid) ?? NaN) + (database !== undefined ? postgresBackends(database) : []).reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
  const cpu0 = serverCpu();
  const started = performance.now();
  let failed = 0;
  const errors = new Set<string>();
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      connect(url, tokens[index % tokens.length]!).catch((error: unknown) => {
        failed++;
        errors.add(error instanceof Error ? error.message : String(error));
        return undefined;
      }),
    ),
  );
  const lastConnectedMs = performance.now() - started;
  stormSockets = sockets.filter((socket): socket is Socket => socket !== undefined);
  return { sockets: count, lastConnectedMs, connected: stormSockets.length, failed, errors: [...errors].slice(0, 3), cpuSeconds: serverCpu() - cpu0 };
}

async function endStorm(): Promise<void> {
  for (const socket of stormSockets.splice(0)) socket.close();
  await sleep(500);
}

async function close(): Promise<void> {
  for (const seat of seats) {
    seat.visitor.close();
    seat.agent.close();
  }
  finishWith({ type: 'closed' });
}

process.on('message', (message: LoadIn) => {
  const work = async () => {
    if (message.type === 'setup') {
      reply({ type: 'setupDone', ...(await setup(message.url, message.seats)) });
    } else if (message.type === 'run') {
      const { type: _type, ...spec } = message;
      reply({ type: 'result', result: await measure(spec) });
    } else if (message.type === 'storm') {
      reply({ type: 'stormDone', storm: await storm(message.sockets, message.serverPid, message.database) });
    } else if (message.type === 'stormEnd') {
      await endStorm();
      reply({ type: 'stormEnded' });
    } else {
      await close();
    }
  };
  work().catch(failToParent);
});
process.on('disconnect', () => process.exit(0));
