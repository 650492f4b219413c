// The store benchmark's child process (started with --expose-gc by bench/store/index.ts): feeds
// `message:received` pushes through a real @parley/core client into the client's own store, the way the
// socket.io transport does, and reports time per event and heap per message held.
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ServerEvent, User } from '@parley/protocol';
import { createClient, selectMessages } from '@parley/core';
import { failToParent, finishWith, tellParent } from '../lib/child';
import { benchMessage, visitorId } from '../lib/messages';
import type { PushTransport } from '../lib/pushTransport';
import { createPushTransport } from '../lib/pushTransport';
import type { StoreIn, StoreOut, StorePass, StorePlan } from './protocol';

const me: User = { id: visitorId, role: 'user', name: 'Visitor' };

/**
 * Garbage-collection pauses on this thread (Node's `gc` performance entries: scavenges, and the
 * atomic parts of mark-compact), kept so a fill can tell its own time from the collector's.
 */
const gcPauses: { start: number; end: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
}).observe({ entryTypes: ['gc'] });

/** Milliseconds of GC pause inside the given windows (performance.now() times); forgets the pauses seen. */
async function gcPauseMsIn(windows: readonly { start: number; end: number }[]): Promise<number> {
  // The observer is called asynchronously, after the pauses it reports: a timer later, not an immediate.
  await new Promise((resolve) => setTimeout(resolve, 0));
  let total = 0;
  for (const pause of gcPauses) {
    for (const window of windows) total += Math.max(0, Math.min(window.end, pause.end) - Math.max(window.start, pause.start));
  }
  gcPauses.length = 0;
  return total;
}
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * The heap once collections stop shrinking it: full collections, a turn of the event loop between
 * them (finalizers, and the sweeping V8 finishes off the thread), until three readings in a row agree
 * within 64 KiB. Two back-to-back collections were not enough after a 100,000-message fill: the next
 * reading still held ~30 MB of its garbage, and the heap per message of the step after it read
 * negative. Nor were two agreeing readings: the fill's client, just destroyed, stays reachable through
 * the first collection (43 MB, then 11), and about one 100,000-message run in four read ~0 B per
 * message — two readings in a row that still held it.
 */
async function settledHeap(): Promise<number> {
  const readings: number[] = [];
  for (let attempt = 0; attempt < 12; attempt++) {
    gc?.();
    await nextTurn();
    readings.push(process.memoryUsage().heapUsed);
    const lastThree = readings.slice(-3);
    if (lastThree.length === 3 && Math.max(...lastThree) - Math.min(...lastThree) < 64 * 1024) return lastThree[2]!;
  }
  return readings.at(-1)!;
}

/**
 * A client and its store following one (empty) chat, with one subscriber on the chat's messages —
 * what a mounted `useMessages(chatId)` adds.
 */
async function follow(chatId: string) {
  const transport: PushTransport = createPushTransport(me);
  const client = createClient({ transport, storage: false });
  const { store } = client;
  // Following the chat first, as the UI does: its backfill (an empty page) is over before pushes come.
  client.track(chatId);
  await nextTurn();
  let notified = 0;
  const stop = store.subscribe(selectMessages(chatId), () => {
    notified += 1;
  });
  return {
    transport,
    held: (delivered?: readonly ServerEvent[]) => {
      const list = selectMessages(chatId)(store.getState());
      let copies = 0;
      // Identity, not equality: the store must keep the very object the transport handed over.
      if (delivered) for (let index = 0; index < list.length; index++) if (list.at(index) !== messageOf(delivered[index])) copies += 1;
      return { held: list.length, lastSeq: list.lastSeq, notified, copies };
    },
    close: () => {
      stop();
      client.destroy();
    },
  };
}

const received = (message: ReturnType<typeof benchMessage>): ServerEvent => ({ event: 'message:received', payload: { message } });
const messageOf = (event: ServerEvent | undefined) => (event?.event === 'message:received' ? event.payload.message : undefined);

interface Held {
  held: number;
  lastSeq: number;
  notified: number;
  copies: number;
}

interface Fill extends Held {
  ms: number;
  cpuMs: number;
  gcMs: number;
  /** Wall time per event of each chunk, in order. */
  chunkNs: number[];
}

/**
 * One fresh store filled with `size` events, timed chunk by chunk. Each chunk's events are built
 * (parsed from JSON, as socket.io hands them over) just before the chunk's clock starts: parsing is
 * not the store's cost, and the store meets each message fresh, as it meets one the transport has
 * just parsed — not one built seconds earlier and long out of the CPU's caches, which made every
 * event of a 100,000-event fill pay cache misses on its input that a 1,000-event fill never paid.
 */
async function timedFill(chatId: string, size: number, chunk: number): Promise<Fill> {
  const chat = await follow(chatId);
  const events: ServerEvent[] = [];
  const chunkNs: number[] = [];
  const windows: { start: number; end: number }[] = [];
  await gcPauseMsIn([]);
  let ms = 0;
  let cpuMicros = 0;
  for (let from = 0; from < size; from += chunk) {
    const to = Math.min(size, from + chunk);
    for (let seq = from + 1; seq <= to; seq++) events.push(received(benchMessage(chatId, seq)));
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let index = from; index < to; index++) chat.transport.push(events[index]!);
    const end = performance.now();
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros += cpu.user + cpu.system;
    chunkNs.push(((end - start) * 1e6) / (to - from));
    windows.push({ start, end });
    ms += end - start;
  }
  const gcMs = await gcPauseMsIn(windows);
  const held = chat.held(events);
  chat.close();
  return { ms, cpuMs: cpuMicros / 1_000, gcMs, chunkNs, ...held };
}

/**
 * Heap per message held: `repeats` fresh stores held at once (so a small size still weighs enough to
 * rise above the heap's own noise), fed messages built one at a time, so the delta is what the stores
 * keep — the message objects and their strings included — and nothing the benchmark holds. Its own
 * function, so nothing of a timed fill is reachable from here.
 */
async function heldBytes(chatId: string, size: number, repeats: number): Promise<Held & { bytesPerMessage: number }> {
  const chats = [];
  for (let repeat = 0; repeat < repeats; repeat++) chats.push(await follow(`${chatId}-${repeat}`));
  const before = await settledHeap();
  for (const [repeat, chat] of chats.entries()) {
    for (let seq = 1; seq <= size; seq++) chat.transport.push(received(benchMessage(`${chatId}-${repeat}`, seq)));
  }
  const after = await settledHeap();
  const facts = chats.map((chat) => chat.held());
  for (const chat of chats) chat.close();
  const held = Math.min(...facts.map((fact) => fact.held));
  return {
    held,
    lastSeq: Math.min(...facts.map((fact) => fact.lastSeq)),
    notified: Math.min(...facts.map((fact) => fact.notified)),
    copies: 0,
    bytesPerMessage: gc && held === size ? (after - before) / (size * repeats) : NaN,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function measure(size: number, run: number, plan: StorePlan): Promise<StorePass> {
  const chunk = Math.min(plan.chunk, size);
  const repeats = Math.max(1, Math.ceil(plan.eventsPerRun / size));
  const fills: Fill[] = [];
  // One full GC before a size's fills, not before each: a forced GC shrinks the young generation, and
  // the first thousands of events after it would pay for growing it back (a cost only this benchmark has).
  await settledHeap();
  for (let repeat = 0; repeat < repeats; repeat++) fills.push(await timedFill(`timed-${run}-${size}-${repeat}`, size, chunk));
  const memory = await heldBytes(`held-${run}-${size}`, size, repeats);
  const checks: Held[] = [...fills, memory];
  return {
    size,
    run,
    repeats,
    meanNs: (fills.reduce((total, fill) => total + fill.ms, 0) * 1e6) / (repeats * size),
    cpuNs: (fills.reduce((total, fill) => total + fill.cpuMs, 0) * 1e6) / (repeats * size),
    gcNs: (fills.reduce((total, fill) => total + fill.gcMs, 0) * 1e6) / (repeats * size),
    withoutGcNs: (fills.reduce((total, fill) => total + fill.ms - fill.gcMs, 0) * 1e6) / (repeats * size),
    chunkMedianNs: median(fills.flatMap((fill) => fill.chunkNs)),
    lastChunkNs: median(fills.map((fill) => fill.chunkNs[fill.chunkNs.length - 1]!)),
    chunk,
    bytesPerMessage: memory.bytesPerMessage,
    // Every store must have kept every message; report the worst one.
    held: Math.min(...checks.map((check) => check.held)),
    lastSeq: Math.min(...checks.map((check) => check.lastSeq)),
    notified: Math.min(...checks.map((check) => check.notified)),
    copies: Math.max(...fills.map((fill) => fill.copies)),
  };
}

async function runPlan(plan: StorePlan): Promise<void> {
  // Warm-up: one pass per size, so the JIT has compiled the path before anything counts.
  for (const size of plan.sizes) tellParent<StoreOut>({ type: 'pass', pass: await measure(size, 0, plan) });
  // Runs go round the sizes, so a change in the machine's load falls on every size alike.
  for (let run = 1; run <= plan.runs; run++) {
    for (const size of plan.sizes) tellParent<StoreOut>({ type: 'pass', pass: await measure(size, run, plan) });
  }
  finishWith<StoreOut>({ type: 'done', gcExposed: gc !== undefined });
}

process.on('message', (raw) => {
  const message = raw as StoreIn;
  if (message.type === 'run') runPlan(message.plan).catch(failToParent);
});
