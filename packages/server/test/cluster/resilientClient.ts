import type { ClientEventName, ClientPayload, ClientResult, ErrorPayload, Message, ServerEventName, ServerPayload } from '@parley/protocol';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

/** Answers worth sending the same event again for: it did not run, or its answer was lost. */
const retryable = new Set(['unavailable', 'internal', 'rate_limited', 'timeout', 'disconnected']);

export interface ResilientClient {
  socket: Socket;
  /** Sends until answered with success or a final refusal (same payload, so messages keep their clientId). */
  send<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>>;
  /** Chats whose messages are tracked: received live, and backfilled by `seq` after every reconnect. */
  watch(chatId: string): void;
  seen: Map<string, Map<number, Message>>;
  /** Messages that arrived live with a seq already seen in their chat. */
  duplicateArrivals: number;
  /** Live arrivals with a seq lower than one that arrived live before it in the same chat. */
  outOfOrderArrivals: number;
  stats: { sends: number; resends: number; refusals: Map<string, number>; connects: number; lastConnectAt: number };
  /** Events of one kind received so far. */
  received<E extends ServerEventName>(event: E): ServerPayload<E>[];
  close(): void;
}

/**
 * A test client that behaves like `@parley/core` on the wire, without depending on its code: socket.io
 * reconnects (through a balancer, to whichever node is alive), every event is retried on a transient
 * answer with the same payload, and watched chats are backfilled by `seq` after each reconnect.
 */
export function connectResilient(url: string, token: string, options: { ackTimeoutMs?: number } = {}): Promise<ResilientClient> {
  const ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  const socket = connect(url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    randomizationFactor: 0.2,
  });
  const seen = new Map<string, Map<number, Message>>();
  const lastLive = new Map<string, number>();
  const log: { event: string; payload: unknown }[] = [];
  let closed = false;

  function waitConnected(): Promise<void> {
    return socket.connected ? Promise.resolve() : new Promise((resolve) => socket.once('connect', () => resolve()));
  }

  const client: ResilientClient = {
    socket,
    seen,
    duplicateArrivals: 0,
    outOfOrderArrivals: 0,
    stats: { sends: 0, resends: 0, refusals: new Map(), connects: 0, lastConnectAt: 0 },
    async send(event, payload) {
      for (let attempt = 0; ; attempt++) {
        if (closed) throw new Error('closed');
        await waitConnected();
        client.stats.sends++;
        if (attempt > 0) client.stats.resends++;
        let error: ErrorPayload | { code: 'timeout'; message: string };
        try {
          const envelope = (await socket.timeout(ackTimeoutMs).emitWithAck(event, payload)) as { ok: true; data: unknown } | { ok: false; error: ErrorPayload };
          if (envelope.ok) return envelope.data as ClientResult<typeof event>;
          error = envelope.error;
        } catch {
          error = { code: 'timeout', message: `no ack within ${ackTimeoutMs} ms` };
        }
        client.stats.refusals.set(error.code, (client.stats.refusals.get(error.code) ?? 0) + 1);
        if (!retryable.has(error.code) || attempt >= 200) throw Object.assign(new Error(`${event}: ${error.code}: ${error.message}`), error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * (attempt + 1), 500)));
      }
    },
    watch(chatId) {
      if (!seen.has(chatId)) seen.set(chatId, new Map());
    },
    received(event) {
      return log.filter((entry) => entry.event === event).map((entry) => entry.payload as never);
    },
    close() {
      closed = true;
      socket.close();
    },
  };

  function remember(message: Message): boolean {
    const chat = seen.get(message.chatId);
    if (!chat) return false;
    const known = chat.has(message.seq);
    chat.set(message.seq, message);
    return known;
  }

  socket.on('message:received', ({ message }: { message: Message }) => {
    if (remember(message)) client.duplicateArrivals++;
    // A seq past a gap: something was said that this socket did not hear (a node died between
    // storing a message and broadcasting it, and the resend was answered without a second broadcast).
    const chat = seen.get(message.chatId);
    if (chat && !chat.has(message.seq - 1) && message.seq > 1) void backfillChat(message.chatId).catch(() => undefined);
    const last = lastLive.get(message.chatId) ?? 0;
    if (seen.has(message.chatId) && message.seq < last) client.outOfOrderArrivals++;
    lastLive.set(message.chatId, Math.max(last, message.seq));
  });
  socket.onAny((event: string, payload: unknown) => log.push({ event, payload }));

  const backfilling = new Map<string, Promise<void>>();
  function backfillChat(chatId: string): Promise<void> {
    const running = backfilling.get(chatId);
    if (running) return running;
    const work = (async () => {
      const chat = seen.get(chatId)!;
      let after = 0;
      while (chat.has(after + 1)) after++;
      for (let page = 0; page < 100; page++) {
        const { messages } = await client.send('messages:list', { chatId, afterSeq: after, limit: 200 });
        for (const message of messages) remember(message);
        if (messages.length < 200) break;
        after = messages.at(-1)!.seq;
      }
    })().finally(() => backfilling.delete(chatId));
    backfilling.set(chatId, work);
    return work;
  }
  async function backfill(): Promise<void> {
    await Promise.all([...seen.keys()].map(backfillChat));
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`could not connect to ${url}`)), 15_000);
    socket.on('connect', () => {
      client.stats.connects++;
      client.stats.lastConnectAt = Date.now();
      if (client.stats.connects === 1) {
        clearTimeout(timer);
        resolve(client);
      } else {
        // The link came back (maybe to another node): fetch what was said while it was down.
        backfill().catch(() => undefined);
      }
    });
  });
}
