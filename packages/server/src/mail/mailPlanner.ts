import type { OutgoingEvent } from '@parley/engine';
import type { Message, RoomSettings } from '@parley/protocol';
import type { Logger } from 'pino';
import type { OutboxTable } from '../store/outboxTable';
import type { SqlClient } from '../store/sqlClient';
import type { MailJob } from './mailJobs';
import { isEmailAddress, teamAddresses } from './mailJobs';

export interface MailPlannerOptions {
  sql: SqlClient;
  outbox: OutboxTable;
  /** A room's settings as the server knows them now: the database's rooms (admin-managed) first, then `--room-settings`. */
  settingsOf(room: string): Pick<RoomSettings, 'teamEmail'> | undefined;
  maxAttempts: number;
  /** Called after items were queued (the worker looks at once instead of at its next poll). */
  onQueued(): void;
  logger: Logger;
}

interface ChatFacts {
  room: string;
  creator: string;
  status: string;
  contact: string | null;
  offline: boolean;
  staffed: boolean;
}

/**
 * Watches the engine's one event stream for messages that mean mail: a visitor writing while nobody
 * of the room is online (the chat becomes an offline message and the team is e-mailed), and an agent
 * answering such a chat (the visitor is e-mailed). It queues, it never sends: the acks of
 * `messages:send` went out before this runs, and the outbox worker sends later, with retries.
 */
export function createMailPlanner(options: MailPlannerOptions) {
  const { sql, outbox, settingsOf, logger } = options;
  let chain: Promise<void> = Promise.resolve();

  async function plan(messages: readonly Message[]): Promise<void> {
    const jobs: MailJob[] = [];
    await sql.transaction(async (tx) => {
      jobs.length = 0;
      for (const message of messages) {
        const [facts] = await tx.query<ChatFacts>(
          `SELECT c.room, c.creator, c.status, u.contact,
             c.origin IS NOT DISTINCT FROM 'offline-message' AS offline,
             EXISTS (SELECT 1 FROM agent_profiles p JOIN users a ON a.id = p.user_id
                     WHERE p.rooms @> ARRAY[c.room]::text[] AND a.status = 'online') AS staffed
           FROM chats c LEFT JOIN users u ON u.id = c.creator WHERE c.id = $1`,
          [message.chatId],
        );
        if (!facts) continue;
        if (message.sender === facts.creator) {
          // Nobody could read it now: a message left for the team (until an agent takes the chat).
          if (facts.status !== 'waiting' || (facts.staffed && !facts.offline)) continue;
          // Marked on the chat (`Chat.origin`): agents see it in every read of the chat from now on.
          if (!facts.offline) await tx.query(`UPDATE chats SET origin = 'offline-message' WHERE id = $1 AND origin IS NULL`, [message.chatId]);
          if (teamAddresses(settingsOf(facts.room)).length > 0) {
            jobs.push({ type: 'offline', chatId: message.chatId, messageId: message.id });
          }
        } else if (facts.offline && message.sender !== 'system' && isEmailAddress(facts.contact ?? undefined)) {
          jobs.push({ type: 'reply', chatId: message.chatId, messageId: message.id });
        }
      }
      await outbox.add(
        jobs.map((payload) => ({ kind: 'mail', payload, maxAttempts: options.maxAttempts })),
        tx,
      );
    });
    if (jobs.length > 0) options.onQueued();
  }

  // Messages wait a moment and are planned together, in one transaction: on PGlite each commit is a
  // sync to disk that the next message's append would wait behind.
  let buffer: Message[] = [];
  return function observe(events: readonly OutgoingEvent[]): void {
    const start = buffer.length === 0;
    for (const event of events) {
      if (event.event !== 'message:received') continue;
      const { message } = event.payload;
      if (message.type === 'text' && !message.imported) buffer.push(message);
    }
    if (!start || buffer.length === 0) return;
    // One plan at a time, in the stream's order; never awaited by the command that produced the events.
    chain = chain
      .then(() => new Promise((resolve) => setTimeout(resolve, 25)))
      .then(() => {
        const messages = buffer;
        buffer = [];
        return plan(messages);
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'queueing e-mail failed'));
  };
}
