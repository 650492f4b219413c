import type { OutgoingEvent } from '@parley/engine';
import type { Logger } from 'pino';
import type { EventJournal, JournalEntry } from '../store/eventJournal';
import type { SqlClient, SqlExecutor } from '../store/sqlClient';

/** Committed events as a consumer plans from them: a unit's or message's events, or a published event. */
export type PlannedEntry = JournalEntry;

/** What turns committed events into outbox items: webhook deliveries, e-mails. */
export interface OutboxConsumer {
  /**
   * Queues, in `tx`, what these entries (in commit order) call for; true when it queued anything.
   * `afterCommit` takes what must wait until `tx` has committed, such as telling clients of a change
   * it wrote (a transaction that is run again starts with none).
   */
  plan(entries: readonly PlannedEntry[], tx: SqlExecutor, afterCommit: (work: () => void) => void): Promise<boolean>;
  /** After a commit that queued something: its worker looks now instead of at its next poll. */
  kick(): void;
  /** Which of these committed events it could act on now (a unit's journal entry keeps those). */
  reads(events: readonly OutgoingEvent[]): readonly OutgoingEvent[];
  /** Whether it could act on a message sent now (the append statement then journals it). */
  wantsMessages(): boolean;
}

export interface OutboxPlannerOptions {
  sql: SqlClient;
  journal: EventJournal;
  consumers: readonly OutboxConsumer[];
  logger: Logger;
  /**
   * Takes a failure that is the database being away (`DependencyHealth.absorb`: logged once per
   * outage there); the rest are logged here. Default: none is.
   */
  absorb?: (error: unknown, context: Record<string, unknown>) => boolean;
  /** Events are gathered this long and queued together (default 25 ms). */
  gatherMs?: number;
  /** How often each node looks for entries a dead node left in the journal (default 5 s). */
  sweepMs?: number;
  /** An entry this old is taken as left behind (default 10 s: the live path takes ~25 ms). */
  staleMs?: number;
  /**
   * Every entry found at start was left by this node (the embedded store: one node, its data directory
   * locked): the first sweep takes them whatever their age instead of waiting `staleMs`.
   */
  soleNode?: boolean;
}

export interface OutboxPlanner {
  /** The engine's event stream (an `EventListener`): each commit's events, with their journal key. */
  observe(events: readonly OutgoingEvent[], sentOver?: string, journal?: string): void;
  /**
   * Publishes an event that does not come from the engine (`chat.rated`), durably: `cause` runs in a
   * transaction that journals the event too when it answers true (the cause was stored). Resolves to
   * what `cause` answered, once committed.
   */
  publish(published: unknown, cause?: (tx: SqlExecutor) => Promise<boolean>): Promise<boolean>;
  /** Resolves when everything observed so far is queued (tests, shutdown). */
  settled(): Promise<void>;
  /** Starts the sweep for entries left behind. */
  start(): void;
  /** Stops the sweep and waits for what is being queued. */
  stop(): Promise<void>;
}

/** What one planning transaction leaves for after its commit. */
interface Planned {
  /** The consumers that queued items: their workers look now instead of at their next poll. */
  queued: OutboxConsumer[];
  afterCommit: (() => void)[];
}

interface Pending {
  entry: PlannedEntry;
  /** Its journal key: queued only by whoever deletes that entry. Absent: not journaled. */
  key?: string;
}

/** Entries taken from the journal per sweep transaction. */
const sweepBatch = 200;

/**
 * Turns committed events into outbox items, exactly once even when a node dies right after a commit.
 * The commit wrote a journal entry for its events (when some consumer needed them); this queues their
 * items a moment later, deleting the entry in the same transaction. Entries a dead node left behind
 * are taken by any node's sweep and queued the same way: an entry is deleted once, so its items are
 * queued once. The message path never waits for any of it: queueing runs after the acks went out.
 */
export function createOutboxPlanner(options: OutboxPlannerOptions): OutboxPlanner {
  const { sql, journal, consumers, logger } = options;
  const gatherMs = options.gatherMs ?? 25;
  const sweepMs = options.sweepMs ?? 5_000;
  const staleMs = options.staleMs ?? 10_000;

  journal.policy = {
    units: (events) => {
      // The union of what the consumers read, in the unit's order.
      const kept = new Set<OutgoingEvent>();
      for (const consumer of consumers) for (const event of consumer.reads(events)) kept.add(event);
      return events.filter((event) => kept.has(event));
    },
    messages: () => consumers.some((consumer) => consumer.wantsMessages()),
  };

  let chain: Promise<void> = Promise.resolve();
  let buffer: Pending[] = [];
  let gathering = false;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping = false;

  /** Plans the entries with every consumer in `tx`; what to do once it commits (see `committed`). */
  async function planAll(entries: readonly PlannedEntry[], tx: SqlExecutor): Promise<Planned> {
    const planned: Planned = { queued: [], afterCommit: [] };
    if (entries.length === 0) return planned;
    for (const consumer of consumers) {
      if (await consumer.plan(entries, tx, (work) => planned.afterCommit.push(work))) planned.queued.push(consumer);
    }
    return planned;
  }

  /** After the planning transaction committed: the consumers that queued look now, then their own work. */
  function committed(planned: Planned): void {
    for (const consumer of planned.queued) consumer.kick();
    for (const work of planned.afterCommit) {
      try {
        work();
      } catch (error) {
        logger.warn({ err: error }, 'work after queueing e-mail and webhooks failed');
      }
    }
  }

  /** Everything gathered: one transaction that takes its journal entries and queues their items. */
  async function queueGathered(): Promise<void> {
    const taken = buffer;
    buffer = [];
    const keys = taken.flatMap((pending) => (pending.key === undefined ? [] : [pending.key]));
    const planned = await sql.transaction(async (tx) => {
      const ours = await journal.take(tx, keys);
      // An entry another node's sweep took already was queued by it.
      const entries = taken.filter((pending) => pending.key === undefined || ours.has(pending.key)).map((pending) => pending.entry);
      return planAll(entries, tx);
    });
    committed(planned);
  }

  /** Entries left behind by a node that died between a commit and queueing its items. */
  async function sweep(olderThanMs: number): Promise<void> {
    for (;;) {
      let count = 0;
      const planned = await sql.transaction(async (tx) => {
        const stale = await journal.takeStale(tx, olderThanMs, sweepBatch);
        count = stale.length;
        return planAll(stale, tx);
      });
      committed(planned);
      if (count > 0) logger.info({ entries: count }, 'queued e-mail and webhooks of events a node committed and did not queue');
      if (count < sweepBatch) return;
    }
  }

  /** One queueing at a time, in the stream's order: a target's items are queued as the events happened. */
  function run(work: () => Promise<void>, what: string): Promise<void> {
    chain = chain.then(work).catch((error: unknown) => {
      // A database outage is one log line (its start) not one per sweep.
      if (!options.absorb?.(error, { source: 'outbox planner', what })) logger.warn({ err: error }, what);
    });
    return chain;
  }

  function enqueue(pending: Pending): void {
    buffer.push(pending);
    if (gathering) return;
    gathering = true;
    // Gathered for a moment first: on PGlite every transaction is a commit (a sync to disk) that the
    // next message's append waits behind, so one per burst instead of one per message. A failure
    // leaves the journaled entries in place for the sweep.
    void run(async () => {
      await new Promise((resolve) => setTimeout(resolve, gatherMs));
      gathering = false;
      await queueGathered();
    }, 'queueing e-mail and webhooks failed (journaled events are retried by the sweep)');
  }

  return {
    observe(events, _sentOver, key) {
      // Not journaled (nothing needed it when it committed): queued all the same if it is needed now.
      if (key === undefined && !consumers.some((consumer) => consumer.reads(events).length > 0)) return;
      enqueue({ entry: { events }, ...(key !== undefined && { key }) });
    },
    async publish(published, cause) {
      let key: string | undefined;
      const stored = await sql.transaction(async (tx) => {
        if (cause && !(await cause(tx))) return false;
        key = await journal.addPublished(tx, published);
        return true;
      });
      if (stored) enqueue({ entry: { published }, ...(key !== undefined && { key }) });
      return stored;
    },
    settled: () => chain,
    start() {
      const sweepOnce = (olderThanMs: number) => {
        // A sweep still running (a long backlog) is not queued behind again.
        if (sweeping) return;
        sweeping = true;
        void run(() => sweep(olderThanMs), 'the journal sweep failed').finally(() => (sweeping = false));
      };
      sweepTimer ??= setInterval(() => sweepOnce(staleMs), sweepMs);
      sweepTimer.unref();
      // Right away too: a restarted node queues what it left behind without waiting a period.
      sweepOnce(options.soleNode ? 0 : staleMs);
    },
    async stop() {
      clearInterval(sweepTimer);
      sweepTimer = undefined;
      // The engine has stopped: whatever it published is on the chain (gathering, then queueing).
      await chain;
    },
  };
}
