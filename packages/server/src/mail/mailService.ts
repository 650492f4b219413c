import { ParleyError } from '@parley/protocol';
import type { BusinessHours, RoomSettings } from '@parley/protocol';
import type { Logger } from 'pino';
import type { RetryPolicy } from '../outbox/backoff';
import type { OutboxConsumer } from '../outbox/outboxPlanner';
import type { OutboxWorker } from '../outbox/outboxWorker';
import { AttemptError, createOutboxWorker } from '../outbox/outboxWorker';
import type { SqlStore } from '../store/sqlStore';
import type { MailJob } from './mailJobs';
import { createMailComposer } from './mailJobs';
import { createMailer } from './mailer';
import { createMailPlanner, mailMessages } from './mailPlanner';

export interface MailServiceOptions {
  store: SqlStore;
  smtpUrl: string;
  from: string;
  /** A room's settings as the server knows them now: the database's rooms (admin-managed) first, then `--room-settings`. */
  settingsOf(room: string): (Pick<RoomSettings, 'teamEmail'> & { hours?: BusinessHours | undefined }) | undefined;
  retry: RetryPolicy;
  /** The server's clock (ms): business hours decide whether a visitor's message was left for the team. */
  now?: () => number;
  pollMs?: number;
  logger: Logger;
  /** A chat just became an offline message (committed): see `MailPlannerOptions.becameOfflineMessage`. */
  becameOfflineMessage?: (chatId: string) => void;
}

/** E-mail: committed messages are planned into mail (offline messages, replies), and transcripts on request. */
export interface MailService extends OutboxConsumer {
  /** Queues the chat's transcript to `to`; `rate_limited` past a few per chat. */
  queueTranscript(chatId: string, to: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Transcripts one chat may have e-mailed: the route names any address, so it must not become a mail cannon. */
export const maxTranscriptsPerChat = 5;

/** E-mail: a planner that queues, a worker that sends through SMTP, both on the durable outbox. */
export function createMailService(options: MailServiceOptions): MailService {
  const { store, logger } = options;
  const mailer = createMailer({ smtpUrl: options.smtpUrl, from: options.from });
  const compose = createMailComposer({ store, settingsOf: options.settingsOf });
  const worker: OutboxWorker = createOutboxWorker<MailJob>({
    table: store.outbox,
    kind: 'mail',
    retry: options.retry,
    ...(options.pollMs !== undefined && { pollMs: options.pollMs }),
    logger,
    async handle(item) {
      const message = await compose(item.payload);
      if (!message) return {};
      try {
        await mailer.send(message);
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        throw new AttemptError((error as Error).message, typeof code === 'number' ? code : undefined);
      }
      return {};
    },
  });
  const plan = createMailPlanner({
    outbox: store.outbox,
    settingsOf: options.settingsOf,
    maxAttempts: options.retry.maxAttempts,
    ...(options.now && { now: options.now }),
    ...(options.becameOfflineMessage && { becameOfflineMessage: options.becameOfflineMessage }),
  });
  return {
    plan,
    kick: () => worker.kick(),
    reads: mailMessages,
    // Any message may be one left while nobody is online, or a reply to one.
    wantsMessages: () => true,
    async queueTranscript(chatId, to) {
      const [row] = await store.sql.query<{ count: number }>(
        `SELECT count(*)::integer AS count FROM outbox WHERE kind = 'mail' AND payload->>'type' = 'transcript' AND payload->>'chatId' = $1`,
        [chatId],
      );
      if ((row?.count ?? 0) >= maxTranscriptsPerChat) {
        throw new ParleyError('rate_limited', `a chat's transcript is e-mailed at most ${maxTranscriptsPerChat} times`, { max: maxTranscriptsPerChat });
      }
      const job: MailJob = { type: 'transcript', chatId, to };
      await store.outbox.add([{ kind: 'mail', payload: job, maxAttempts: options.retry.maxAttempts }]);
      worker.kick();
    },
    start: () => worker.start(),
    async stop() {
      await worker.stop();
      mailer.close();
    },
  };
}
