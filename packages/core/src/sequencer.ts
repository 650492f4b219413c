import type { Message, MessagePage, MessageRange } from '@parley/protocol';
import { limits, ParleyError } from '@parley/protocol';

/** The older end of a followed chat: what paging back has brought in and whether anything is left. */
export interface OlderUpdate {
  chatId: string;
  /** Messages older than everything held before, ascending by seq (empty for a state change only). */
  messages: Message[];
  /** Older messages exist on the server that are not held. */
  hasMore: boolean;
  /** A page back is being fetched. */
  loading: boolean;
}

export interface SequencerOptions {
  /** One `messages:list` page. */
  fetchPage(chatId: string, range: MessageRange): Promise<MessagePage>;
  /** Called once per message, per chat in `seq` order without gaps or repeats, from where it started. */
  deliver(message: Message): void;
  /** The older end moved: where a chat starts (`messages` empty) and each page loaded back. */
  onOlder(update: OlderUpdate): void;
  /** A backfill that failed for a reason other than a lost link (which the next reconnect repairs). */
  onError(error: unknown): void;
  /** Messages in a chat's first page (its latest ones) and in each page back (default 50). */
  pageSize?: number;
}

interface ChatSequence {
  /**
   * The highest seq delivered; everything after the start up to it was delivered exactly once.
   * Undefined until the chat's latest page (or its seq 1) says where delivery starts.
   */
  delivered: number | undefined;
  /** Messages that arrived ahead of a gap (or of the start), waiting for it to be filled. */
  ahead: Map<number, Message>;
  /** The backfill running now. */
  syncing: Promise<void> | undefined;
  /** Another backfill was requested while one ran. */
  again: boolean;
  /** Why the last backfill stopped short, until one succeeds. */
  failure: unknown;
  /** The oldest seq held (delivered or paged back); meaningful once `delivered` is known. */
  oldest: number;
  hasOlder: boolean;
  /** The page back in flight: concurrent `loadOlder` calls share it. */
  loadingOlder: Promise<MessagePage> | undefined;
}

export interface Sequencer {
  /** A message from a push, an ack or a page: delivered now, held until a gap fills, or dropped as a repeat. */
  ingest(message: Message): void;
  /**
   * Starts following a chat. By default from its latest page (older messages are left to
   * `loadOlder`); with `afterSeq`, delivery starts right after it and everything up to it is older.
   */
  track(chatId: string, afterSeq?: number): void;
  isTracked(chatId: string): boolean;
  /** After a reconnect: every followed chat pages in what it missed. */
  resync(): void;
  /** The page before the oldest message held (following the chat first if needed); one fetch at a time. */
  loadOlder(chatId: string): Promise<MessagePage>;
  lastSeq(chatId: string): number;
}

/**
 * Turns at-least-once, possibly out-of-order arrivals (pushes lost during a drop, acks racing pushes,
 * resends) into exactly-once, in-order delivery per chat. `seq` has no gaps (PROTOCOL.md §3), so a
 * hole is always detectable and `messages:list { afterSeq }` always fills it.
 *
 * A chat starts from its latest page (`messages:list` without `afterSeq`), not from seq 1: a long
 * history is not paged in just to show its end. Delivery runs forward from that page; the seqs before
 * it are the older end, paged back with `beforeSeq` by `loadOlder` and reported through `onOlder` —
 * never through `deliver`, whose order would break if an older message followed a newer one.
 */
export function createSequencer(options: SequencerOptions): Sequencer {
  const pageSize = Math.min(options.pageSize ?? limits.defaultListPageSize, limits.listPageSize);
  const chats = new Map<string, ChatSequence>();

  function sequenceOf(chatId: string): { sequence: ChatSequence; created: boolean } {
    const existing = chats.get(chatId);
    if (existing) return { sequence: existing, created: false };
    const sequence: ChatSequence = {
      delivered: undefined,
      ahead: new Map(),
      syncing: undefined,
      again: false,
      failure: undefined,
      oldest: 0,
      hasOlder: false,
      loadingOlder: undefined,
    };
    chats.set(chatId, sequence);
    return { sequence, created: true };
  }

  /** Fixes where delivery starts: right after `afterSeq`; anything held up to it belongs to the older end. */
  function start(chatId: string, sequence: ChatSequence, afterSeq: number, hasOlder: boolean): void {
    sequence.delivered = afterSeq;
    sequence.oldest = afterSeq + 1;
    sequence.hasOlder = hasOlder;
    for (const seq of sequence.ahead.keys()) if (seq <= afterSeq) sequence.ahead.delete(seq);
    options.onOlder({ chatId, messages: [], hasMore: hasOlder, loading: false });
  }

  function accept(sequence: ChatSequence, message: Message): void {
    if (sequence.delivered === undefined) {
      // Seq 1 starts every chat: nothing is older, so delivery can begin without waiting for a page.
      if (message.seq === 1) start(message.chatId, sequence, 0, false);
      else {
        sequence.ahead.set(message.seq, message);
        return;
      }
    }
    // The common case, the next seq with nothing held ahead: delivered without passing through the
    // map (a set and a delete there made V8 shrink its table, a new allocation, on every message).
    if (message.seq === sequence.delivered! + 1 && sequence.ahead.size === 0) {
      sequence.delivered = message.seq;
      options.deliver(message);
      return;
    }
    if (message.seq <= sequence.delivered! || sequence.ahead.has(message.seq)) return;
    sequence.ahead.set(message.seq, message);
    for (let next = sequence.ahead.get(sequence.delivered! + 1); next; next = sequence.ahead.get(sequence.delivered! + 1)) {
      sequence.ahead.delete(next.seq);
      sequence.delivered = next.seq;
      options.deliver(next);
    }
  }

  function backfill(chatId: string, sequence: ChatSequence): Promise<void> {
    if (sequence.syncing) {
      sequence.again = true;
      return sequence.syncing;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          sequence.again = false;
          if (sequence.delivered === undefined) {
            const page = await options.fetchPage(chatId, { limit: pageSize });
            // Seq 1 may have arrived meanwhile and started the chat already.
            if (sequence.delivered === undefined) start(chatId, sequence, (page.messages[0]?.seq ?? 1) - 1, page.hasMore && page.messages.length > 0);
            for (const message of page.messages) accept(sequence, message);
            // Pushes that raced the page may have left a gap after it: another round fills it.
            if (sequence.ahead.size > 0) sequence.again = true;
            continue;
          }
          for (;;) {
            const page = await options.fetchPage(chatId, { afterSeq: sequence.delivered, limit: limits.listPageSize });
            for (const message of page.messages) accept(sequence, message);
            if (!page.hasMore || page.messages.length === 0) break;
          }
        } while (sequence.again);
        sequence.failure = undefined;
      } catch (error) {
        sequence.failure = error;
        options.onError(error);
      } finally {
        sequence.syncing = undefined;
      }
    };
    sequence.syncing = run().then(() => {
      // A resync asked for while this run was failing (the link came up as its request was refused)
      // would otherwise be lost with the run: it starts again now.
      if (sequence.failure !== undefined && sequence.again) {
        sequence.again = false;
        return backfill(chatId, sequence);
      }
    });
    return sequence.syncing;
  }

  async function fetchOlder(chatId: string, sequence: ChatSequence): Promise<MessagePage> {
    options.onOlder({ chatId, messages: [], hasMore: true, loading: true });
    try {
      const page = await options.fetchPage(chatId, { beforeSeq: sequence.oldest, limit: pageSize });
      // Only what is older than the oldest held: a page that overlaps (it cannot, seq has no gaps) adds nothing twice.
      const messages = page.messages.filter((message) => message.seq < sequence.oldest);
      if (messages.length > 0) sequence.oldest = messages[0]!.seq;
      sequence.hasOlder = page.hasMore && messages.length > 0;
      options.onOlder({ chatId, messages, hasMore: sequence.hasOlder, loading: false });
      return { messages, hasMore: sequence.hasOlder };
    } catch (error) {
      options.onOlder({ chatId, messages: [], hasMore: sequence.hasOlder, loading: false });
      throw error;
    } finally {
      sequence.loadingOlder = undefined;
    }
  }

  return {
    ingest(message) {
      const { sequence, created } = sequenceOf(message.chatId);
      accept(sequence, message);
      // A chat seen for the first time starts from its latest page; a gap is filled before what follows it.
      if (created || sequence.ahead.size > 0) void backfill(message.chatId, sequence);
    },
    track(chatId, afterSeq) {
      const { sequence, created } = sequenceOf(chatId);
      if (!created) return;
      if (afterSeq !== undefined) start(chatId, sequence, afterSeq, afterSeq > 0);
      void backfill(chatId, sequence);
    },
    isTracked(chatId) {
      return chats.has(chatId);
    },
    resync() {
      for (const [chatId, sequence] of chats) void backfill(chatId, sequence);
    },
    async loadOlder(chatId) {
      const { sequence, created } = sequenceOf(chatId);
      if (created || sequence.delivered === undefined) {
        await (sequence.syncing ?? backfill(chatId, sequence));
        // The start could not be loaded (a lost link, a refusal): there is nothing to page back from.
        if (sequence.delivered === undefined) {
          throw sequence.failure ?? new ParleyError('disconnected', `the latest messages of chat ${chatId} are not loaded`, { chatId });
        }
      }
      if (!sequence.hasOlder) return { messages: [], hasMore: false };
      sequence.loadingOlder ??= fetchOlder(chatId, sequence);
      return sequence.loadingOlder;
    },
    lastSeq(chatId) {
      return chats.get(chatId)?.delivered ?? 0;
    },
  };
}
