import { createClient, createLocalTransport } from '@parley/core';
import type { ParleyClient } from '@parley/core';
import type { ChatEngine } from '@parley/engine';

export interface VisitorsAheadOptions {
  room: string;
  count: number;
  /** Each visitor ends their chat this long after an agent joined it (default: they stay). */
  leaveAfterMs?: number;
}

/**
 * Other visitors who queued in `room` first, so the story's visitor waits behind them. When they
 * leave, agents' slots free up and the queue moves. Resolves once all of them are queued, with the
 * function that disconnects them and cancels their pending departures.
 */
export async function queueVisitorsAhead(engine: ChatEngine, options: VisitorsAheadOptions): Promise<() => void> {
  const { room, count, leaveAfterMs } = options;
  const clients: ParleyClient[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const stops: Array<() => void> = [];

  for (let index = 0; index < count; index++) {
    const user = await engine.registerVisitor({ name: `Visitor ${index + 1}` });
    const client = createClient({ transport: createLocalTransport({ engine, user }), storage: false });
    clients.push(client);
    const chat = await client.chats.create({ room, source: 'story' });
    if (leaveAfterMs !== undefined) {
      // Listening before assigning: the agent may join before `chats:assign` is acknowledged.
      stops.push(
        client.subscribe('user:joined', ({ chatId, user: joined }) => {
          if (chatId !== chat.id || joined.role !== 'agent') return;
          const timer = setTimeout(() => {
            timers.delete(timer);
            chat.close().catch(() => undefined);
          }, leaveAfterMs);
          timers.add(timer);
        }),
      );
    }
    await chat.assign();
  }

  return () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const stop of stops) stop();
    for (const client of clients) client.destroy();
  };
}
