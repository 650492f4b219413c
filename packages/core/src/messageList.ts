import type { ChatMessage, PendingMessage, StoredMessage } from './chatMessage';

/**
 * One chat's messages as a reader sees them: stored ones by `seq`, then the ones still sending. An
 * immutable snapshot: a new one per change, so `Object.is` tells a subscriber whether to re-render.
 */
export interface MessageList {
  readonly length: number;
  /** Stored messages only (the pending ones follow them). */
  readonly sentCount: number;
  /** The highest stored seq (0 when empty). */
  readonly lastSeq: number;
  /** As `Array.prototype.at`: a negative index counts back from the end (`at(-1)` is the newest). */
  at(index: number): ChatMessage | undefined;
  /** A plain array (built once per snapshot, on first call). */
  toArray(): readonly ChatMessage[];
}

class Snapshot implements MessageList {
  private array: readonly ChatMessage[] | undefined;

  constructor(
    /** Shared with later snapshots, which may only append past `sentCount`. */
    private readonly sent: readonly StoredMessage[],
    readonly sentCount: number,
    private readonly pending: readonly PendingMessage[],
  ) {}

  get length(): number {
    return this.sentCount + this.pending.length;
  }

  get lastSeq(): number {
    return this.sentCount === 0 ? 0 : this.sent[this.sentCount - 1]!.seq;
  }

  at(index: number): ChatMessage | undefined {
    if (index < 0) index += this.length;
    if (index < 0) return undefined;
    return index < this.sentCount ? this.sent[index] : this.pending[index - this.sentCount];
  }

  toArray(): readonly ChatMessage[] {
    // One copy of the held messages (a spread of a slice would copy them twice).
    if (this.array === undefined) {
      const held: ChatMessage[] = this.sent.slice(0, this.sentCount);
      this.array = this.pending.length === 0 ? held : held.concat(this.pending);
    }
    return this.array;
  }
}

export const emptyMessageList: MessageList = new Snapshot([], 0, []);

/**
 * The mutable container behind one chat's snapshots. The common case — the next seq arriving — is
 * an O(1) push into an array that earlier snapshots share (each only reads up to its own count), so
 * holding 100k messages does not make the next one dearer. An arrival out of order (only possible
 * when messages reach the store without the client's sequencer) finds its place by binary search
 * and copies the array, leaving earlier snapshots untouched. A page of older messages is prepended
 * with one copy, for the same reason.
 *
 * Stored messages are kept as the server sent them (no copy per event) and deduplicated by `seq`
 * alone: the server gives each message one seq and answers a resend with the first copy, so an equal
 * seq is the same message. There is no index keyed by id or clientId: a hash table of 100k
 * 36-character keys made each event dearer as the chat grew. A clientId is only looked for among the
 * pending messages (the few the user is sending now).
 */
export class MessageLog {
  private sent: StoredMessage[] = [];
  private pending: PendingMessage[] = [];
  /** ClientIds whose optimistic copy a stored one replaced: a late outbox event must not bring it back. */
  private readonly settled = new Set<string>();
  private current: MessageList = emptyMessageList;

  get list(): MessageList {
    return this.current;
  }

  /** Adds a stored message; replaces its optimistic copy. Returns false for a duplicate (a seq held). */
  addSent(message: StoredMessage): boolean {
    const last = this.sent[this.sent.length - 1];
    if (!last || message.seq > last.seq) {
      this.sent.push(message);
    } else {
      const index = lowerBound(this.sent, message.seq);
      if (this.sent[index]?.seq === message.seq) return false;
      this.sent = [...this.sent.slice(0, index), message, ...this.sent.slice(index)];
    }
    this.settle(message);
    this.publish();
    return true;
  }

  /**
   * Adds a page of stored messages older than the ones held, in one copy. Returns the ones that were
   * new; a message that is not older than the first held goes in by `addSent`.
   */
  addOlder(messages: readonly StoredMessage[]): StoredMessage[] {
    const first = this.sent[0]?.seq ?? Infinity;
    const older: StoredMessage[] = [];
    const added: StoredMessage[] = [];
    for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
      if (message.seq >= first) {
        if (this.addSent(message)) added.push(message);
      } else if (message.seq !== older.at(-1)?.seq) {
        older.push(message);
      }
    }
    if (older.length === 0) return added;
    this.sent = [...older, ...this.sent];
    for (const message of older) this.settle(message);
    this.publish();
    return [...older, ...added];
  }

  /** Adds or updates an optimistic message (keyed by clientId). Ignored once its stored copy exists. */
  putPending(message: PendingMessage): boolean {
    if (this.settled.has(message.clientId)) return false;
    const index = this.pending.findIndex((entry) => entry.clientId === message.clientId);
    this.pending = index >= 0 ? this.pending.map((entry, at) => (at === index ? message : entry)) : [...this.pending, message];
    this.publish();
    return true;
  }

  /** The optimistic message with this clientId, if it is still pending (sending or failed). */
  pendingOf(clientId: string): PendingMessage | undefined {
    return this.pending.find((entry) => entry.clientId === clientId);
  }

  /** Drops an optimistic message (a failed one the user discarded). Returns false when absent. */
  removePending(clientId: string): boolean {
    const index = this.pending.findIndex((entry) => entry.clientId === clientId);
    if (index < 0) return false;
    this.pending = this.pending.filter((_, at) => at !== index);
    this.publish();
    return true;
  }

  /** Stored messages after `seq` not sent by `userId`: the unread count from a read position. */
  countAfter(seq: number, userId: string | undefined): number {
    let count = 0;
    for (let index = this.sent.length - 1; index >= 0 && this.sent[index]!.seq > seq; index -= 1) {
      if (this.sent[index]!.sender !== userId) count += 1;
    }
    return count;
  }

  /** A stored message replaces the pending one with its clientId, if any (usually none is pending). */
  private settle(message: StoredMessage): void {
    if (message.clientId === undefined || this.pending.length === 0) return;
    const optimistic = this.pending.findIndex((entry) => entry.clientId === message.clientId);
    if (optimistic < 0) return;
    this.pending = this.pending.filter((_, index) => index !== optimistic);
    this.settled.add(message.clientId);
  }

  private publish(): void {
    this.current = new Snapshot(this.sent, this.sent.length, this.pending);
  }
}

function lowerBound(messages: readonly StoredMessage[], seq: number): number {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (messages[middle]!.seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}
