import type { Message } from '@parley/protocol';
import { limits } from '@parley/protocol';

export interface SequencerOptions {
  /** One `messages:list { afterSeq }` page. */
  fetchPage(chatId: string, afterSeq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  /** Called once per message, per chat in `seq` order 1, 2, 3 … without gaps or repeats. */
  deliver(message: Message): void;
  /** A backfill that failed for a reason other than a lost link (which the next reconnect repairs). */
  onError(error: unknown): void;
}

interface ChatSequence {
  /** The highest seq delivered; everything up to it was delivered exactly once. */
  delivered: number;
  /** Messages that arrived ahead of a gap, waiting for it to be filled. */
  ahead: Map<number, Message>;
  syncing: boolean;
  /** Another backfill was requested while one ran. */
  again: boolean;
}

export interface Sequencer {
  /** A message from a push, an ack or a page: delivered now, held until a gap fills, or dropped as a repeat. */
  ingest(message: Message): void;
  /** Starts following a chat: backfills it from `afterSeq` (default 0: its whole history). */
  track(chatId: string, afterSeq?: number): void;
  isTracked(chatId: string): boolean;
  /** After a reconnect: every followed chat pages in what it missed. */
  resync(): void;
  lastSeq(chatId: string): number;
}

/**
 * Turns at-least-once, possibly out-of-order arrivals (pushes lost during a drop, acks racing pushes,
 * resends) into exactly-once, in-order delivery per chat. `seq` has no gaps (PROTOCOL.md §3), so a
 * hole is always detectable and `messages:list { afterSeq }` always fills it.
 */
export function createSequencer(options: SequencerOptions): Sequencer {
  const chats = new Map<string, ChatSequence>();

  function sequenceOf(chatId: string, afterSeq = 0): { sequence: ChatSequence; created: boolean } {
    const existing = chats.get(chatId);
    if (existing) return { sequence: existing, created: false };
    const sequence: ChatSequence = { delivered: afterSeq, ahead: new Map(), syncing: false, again: false };
    chats.set(chatId, sequence);
    return { sequence, created: true };
  }

  function accept(sequence: ChatSequence, message: Message): void {
    if (message.seq <= sequence.delivered || sequence.ahead.has(message.seq)) return;
    sequence.ahead.set(message.seq, message);
    for (let next = sequence.ahead.get(sequence.delivered + 1); next; next = sequence.ahead.get(sequence.delivered + 1)) {
      sequence.ahead.delete(next.seq);
      sequence.delivered = next.seq;
      options.deliver(next);
    }
  }

  async function backfill(chatId: string, sequence: ChatSequence): Promise<void> {
    if (sequence.syncing) {
      sequence.again = true;
      return;
    }
    sequence.syncing = true;
    try {
      do {
        sequence.again = false;
        for (;;) {
          const page = await options.fetchPage(chatId, sequence.delivered, limits.listPageSize);
          for (const message of page.messages) accept(sequence, message);
          if (!page.hasMore || page.messages.length === 0) break;
        }
      } while (sequence.again);
    } catch (error) {
      options.onError(error);
    } finally {
      sequence.syncing = false;
    }
  }

  return {
    ingest(message) {
      const { sequence, created } = sequenceOf(message.chatId);
      accept(sequence, message);
      // A chat seen for the first time starts at 0: its history pages in before the new message.
      if (created || sequence.ahead.size > 0) void backfill(message.chatId, sequence);
    },
    track(chatId, afterSeq = 0) {
      const { sequence, created } = sequenceOf(chatId, afterSeq);
      if (created) void backfill(chatId, sequence);
    },
    isTracked(chatId) {
      return chats.has(chatId);
    },
    resync() {
      for (const [chatId, sequence] of chats) void backfill(chatId, sequence);
    },
    lastSeq(chatId) {
      return chats.get(chatId)?.delivered ?? 0;
    },
  };
}
