// What the server benchmark's processes say to each other over IPC.
import type { Envelope } from '../lib/child';

export const targetNames = ['relay', 'pglite', 'postgres', 'pglite-main-thread'] as const;
export type TargetName = (typeof targetNames)[number];
/** Variants measured only when named in `--targets` (comparisons, not part of the standing table). */
export const optInTargets: readonly TargetName[] = ['pglite-main-thread'];

export const targetLabels: Record<TargetName, string> = {
  relay: 'bare socket.io relay',
  pglite: 'Parley on PGlite',
  postgres: 'Parley on PostgreSQL',
  'pglite-main-thread': 'PGlite, main thread',
};

/** One chat's two participants: ids (for payloads) and the tokens their sockets authenticate with. */
export interface ChatSeat {
  /** The room the visitor creates the chat in; the agent serves it. */
  room: string;
  visitorId: string;
  visitorToken: string;
  agentId: string;
  agentToken: string;
}

/** From a server child (Parley or the relay) once it listens. */
export interface ServerReady extends Envelope {
  type: 'ready';
  url: string;
  seats: ChatSeat[];
  /** PostgreSQL database name, so its backends' CPU can be counted. */
  database?: string;
  startupMs: number;
}
/** The server's V8 heap in use after a full garbage collection (the child runs with --expose-gc). */
export interface ServerHeap extends Envelope {
  type: 'heap';
  bytes: number;
}
/**
 * The server's own view of a run (its event loop and garbage collector), from `probeStart` to
 * `probeEnd`: what the load generator cannot see from outside.
 */
export interface LoopProbe {
  /** How late a 1 ms timer fired (perf_hooks.monitorEventLoopDelay, which reports the lateness plus its 1 ms period), ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Garbage collection pauses of the server's main thread: count, total and the longest, ms. */
  gcPauses: number;
  gcPauseTotalMs: number;
  gcPauseMaxMs: number;
  /** JavaScript heap the server's thread allocated, bytes (sampled; only with PARLEY_BENCH_ALLOC_PROFILE set). */
  allocatedBytes?: number;
}
export interface ServerProbe extends Envelope {
  type: 'probe';
  probe: LoopProbe;
}
export type ServerOut = ServerReady | ServerHeap | ServerProbe | { type: 'stopped' } | { type: 'error'; message: string };
export type ServerIn = { type: 'stop' } | { type: 'heap' } | { type: 'probeStart' } | { type: 'probeEnd' };

export type RunMode = 'saturation' | 'rate';

export interface RunSpec {
  /** Label of the run (e.g. `warm-up`, `run 2`); also the clientId prefix. */
  id: string;
  mode: RunMode;
  durationMs: number;
  /** rate: messages per second offered, over all chats and both directions. */
  rate?: number;
  /** saturation: messages each chat keeps in flight (sent, not yet received by the other side). */
  window?: number;
  /** Longest wait after the send phase for messages still on their way (it also ends after 10 s without progress). */
  drainMs: number;
  serverPid: number;
  database?: string;
}

export interface RunResult {
  id: string;
  mode: RunMode;
  chats: number;
  durationMs: number;
  sent: number;
  /** Acks with `ok: true`; refused counts `ok: false` (a harness or limit problem, never expected). */
  acked: number;
  refused: number;
  refusals: string[];
  /** Distinct messages the other side of their chat received (at any time up to the end of the drain). */
  delivered: number;
  /** Received by the other side within the send phase, per second of it. */
  deliveredPerSecond: number;
  lost: number;
  duplicated: number;
  /** message:received for a clientId this run never sent (late arrivals of an earlier run). */
  stray: number;
  /** Send → other side's message:received, ms. */
  latency: { p50: number; p99: number; p999: number; max: number; count: number };
  /** CPU of the server process (and of PostgreSQL's backends for its database) as % of one core. */
  serverCpuPercent: number;
  databaseCpuPercent?: number;
  loadgenCpuPercent: number;
  /** Everything else the machine's cores did meanwhile (other programs on a shared machine), % of one core. */
  otherCpuPercent: number;
  serverRssMb: number;
  /** How far behind schedule the generator sent (rate mode), ms: large values mean it was overloaded. */
  sendLagMaxMs: number;
  /** How long the backlog took to arrive after the send phase, ms. */
  drainMs: number;
  /**
   * Time spent runnable but waiting for a core (Linux schedstat), % of the send phase: the server's
   * main thread, PostgreSQL's backends for its database (summed) and the generator's main thread.
   */
  serverRunQueuePercent: number;
  databaseRunQueuePercent?: number;
  loadgenRunQueuePercent: number;
  /** The server's event loop and GC over the run, when the server child answered the probe. */
  loop?: LoopProbe;
}

/** A reconnect storm: `sockets` sockets (the seats' tokens in turn) opened at once, as after a node died. */
export interface StormResult {
  sockets: number;
  /** From the first connect to the last socket connected (or refused), ms. */
  lastConnectedMs: number;
  connected: number;
  /** Handshakes that failed (connect_error), and the first few reasons. */
  failed: number;
  errors: string[];
  /** Server CPU over the storm, seconds (server process + its PostgreSQL backends). */
  cpuSeconds: number;
}

export type LoadIn =
  | { type: 'setup'; url: string; seats: ChatSeat[] }
  | ({ type: 'run' } & RunSpec)
  | { type: 'storm'; sockets: number; serverPid: number; database?: string }
  | { type: 'stormEnd' }
  | { type: 'close' };
export type LoadOut =
  | { type: 'setupDone'; connectMs: number; chatsMs: number }
  | { type: 'result'; result: RunResult }
  | { type: 'stormDone'; storm: StormResult }
  | { type: 'stormEnded' }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/**
 * Chats are created in rooms `bench-0`, `bench-1`, … of `agentsPerRoom` agents each; an agent of the room
 * joins its chat directly. Not one room of 1,000 agents: every chat:create / chat:join and every agent
 * coming online is sent to all agents of the room, so set-up would cost 1,000 × 1,000 events (in one room
 * it overran the load generator, whose sockets then missed the server's pings). Messages go to chat
 * members only, so the room size does not change what is measured.
 */
export const agentsPerRoom = 10;
export const benchRoom = (chatIndex: number) => `bench-${Math.floor(chatIndex / agentsPerRoom)}`;
