import type { OutgoingEvent } from '@parley/engine';
import type { BusinessHours, RoomSettings } from '@parley/protocol';
import { isOpenAt } from '../businessHours';
import type { PlannedEntry } from '../outbox/outboxPlanner';
import type { OutboxTable } from '../store/outboxTable';
import type { SqlExecutor } from '../store/sqlClient';
import type { MailJob } from './mailJobs';
import { isEmailAddress, teamAddresses } from './mailJobs';

export interface MailPlannerOptions {
  outbox: OutboxTable;
  /** A room's settings as the server knows them now: the database's rooms (admin-managed) first, then `--room-settings`. */
  settingsOf(room: string): (Pick<RoomSettings, 'teamEmail'> & { hours?: BusinessHours | undefined }) | undefined;
  maxAttempts: number;
  /** The server's clock (ms): outside a room's business hours nobody counts as there to read. */
  now?: () => number;
  /**
   * A chat just became an offline message (`origin` set, and committed): its members and its room's
   * agents are to hear of it (`chat:updated`), as they hear of every other change of a chat.
   */
  becameOfflineMessage?: (chatId: string) => void;
}

interface ChatFacts {
  room: string;
  creator: string;
  status: string;
  contact: string | null;
  offline: boolean;
  staffed: boolean;
}

/** The messages that may mean mail: text or a file sent by a person, not imported history. */
export function mailMessages(events: readonly OutgoingEvent[]): OutgoingEvent[] {
  return events.filter(
    (event) =>
      event.event === 'message:received' &&
      (event.payload.message.type === 'text' || event.payload.message.type === 'file') &&
      !event.payload.message.imported &&
      event.payload.message.sender !== 'system',
  );
}

/**
 * Reads committed messages for those that mean mail: a visitor writing while nobody of the room is
 * online (the chat becomes an offline message and the team is e-mailed), and an agent answering such
 * a chat (the visitor is e-mailed). It queues, it never sends: the acks of `messages:send` went out
 * before this runs, and the outbox worker sends later, with retries.
 */
export function createMailPlanner(options: MailPlannerOptions) {
  const { outbox, settingsOf } = options;

  /** Queues, in `tx`, the mail these entries' messages call for; true when it queued any. */
  return async function plan(entries: readonly PlannedEntry[], tx: SqlExecutor, afterCommit: (work: () => void) => void): Promise<boolean> {
    const jobs: MailJob[] = [];
    for (const entry of entries) {
      if (!('events' in entry)) continue;
      for (const event of mailMessages(entry.events)) {
        if (event.event !== 'message:received') continue;
        const { message } = event.payload;
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
          // Outside the room's business hours the widget offers "leave a message" whoever is online,
          // so the message is one left for the team then too.
          const hours = settingsOf(facts.room)?.hours;
          const staffed = facts.staffed && (hours === undefined || isOpenAt(hours, new Date((options.now ?? Date.now)())));
          // Read after the commit: a chat queued meanwhile may be `offered` already (nobody took it yet).
          if ((facts.status !== 'waiting' && facts.status !== 'offered') || (staffed && !facts.offline)) continue;
          // Marked on the chat (`Chat.origin`): agents see it in every read of the chat from now on, and
          // those with the chat open or in their queue are told once it is committed.
          if (!facts.offline) {
            const marked = await tx.query(`UPDATE chats SET origin = 'offline-message' WHERE id = $1 AND origin IS NULL RETURNING id`, [message.chatId]);
            const { becameOfflineMessage } = options;
            if (marked.length > 0 && becameOfflineMessage) afterCommit(() => becameOfflineMessage(message.chatId));
          }
          if (teamAddresses(settingsOf(facts.room)).length > 0) {
            jobs.push({ type: 'offline', chatId: message.chatId, messageId: message.id });
          }
        } else if (facts.offline && isEmailAddress(facts.contact ?? undefined)) {
          jobs.push({ type: 'reply', chatId: message.chatId, messageId: message.id });
        }
      }
    }
    await outbox.add(
      jobs.map((payload) => ({ kind: 'mail', payload, maxAttempts: options.maxAttempts })),
      tx,
    );
    return jobs.length > 0;
  };
}
