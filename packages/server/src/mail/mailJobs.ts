import type { Message, RoomSettings, User } from '@parley/protocol';
import type { Store } from '@parley/engine';
import type { MailMessage } from './mailer';
import { formatTranscript, mailBody, senderName } from './transcript';

/** What a queued e-mail is: composed from the store when it is sent, so it says what the chat holds then. */
export type MailJob =
  /** A visitor's message left while nobody of the room was online: to the room's team. */
  | { type: 'offline'; chatId: string; messageId: string }
  /** An agent's answer in a chat that began as a left message: to the visitor's e-mail. */
  | { type: 'reply'; chatId: string; messageId: string }
  /** The chat's transcript, asked for by a member. */
  | { type: 'transcript'; chatId: string; to: string };

/** Transcripts hold at most this many messages (the latest ones). */
const transcriptMessages = 5_000;

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Whether a visitor's free-text contact is an e-mail address that mail can go to. */
export function isEmailAddress(text: string | undefined): text is string {
  return text !== undefined && text.length <= 254 && emailPattern.test(text);
}

export function teamAddresses(settings: RoomSettings | undefined): string[] {
  const team = settings?.teamEmail;
  if (team === undefined) return [];
  return typeof team === 'string' ? [team] : team;
}

export interface MailComposerOptions {
  store: Store;
  /** A room's settings as the server knows them now: the database's rooms (admin-managed) first, then `--room-settings`. */
  settingsOf(room: string): Pick<RoomSettings, 'teamEmail'> | undefined;
}

/**
 * Turns a queued job into the e-mail to send, reading the chat as it is now; undefined when there is
 * nothing to send any more (the chat or message is gone, no address).
 */
export function createMailComposer({ store, settingsOf }: MailComposerOptions) {
  return async function compose(job: MailJob): Promise<MailMessage | undefined> {
    return store.transaction(async (tx) => {
      const chat = await tx.getChat(job.chatId);
      if (!chat) return undefined;
      const visitor = await tx.getUser(chat.creator);
      if (job.type === 'transcript') {
        const page = await tx.listMessages(chat.id, { limit: transcriptMessages });
        const senders = new Set(page.messages.map((message) => message.sender));
        const users = new Map((await tx.getUsers([...senders])).map((user) => [user.id, user] as const));
        return { to: [job.to], subject: `Your chat transcript (${chat.room})`, text: formatTranscript(chat.room, page.messages, users) };
      }
      const message = await tx.getMessage(job.messageId);
      if (!message) return undefined;
      if (job.type === 'offline') {
        const to = teamAddresses(settingsOf(chat.room));
        if (to.length === 0) return undefined;
        const name = visitor?.name ?? chat.creator;
        const contact = isEmailAddress(visitor?.contact) ? visitor.contact : undefined;
        return {
          to,
          subject: `Message from ${name} (${chat.room})`,
          text: offlineText(name, contact, chat.room, chat.id, message),
          ...(contact !== undefined && { replyTo: contact }),
        };
      }
      if (!isEmailAddress(visitor?.contact)) return undefined;
      const agent = await tx.getUser(message.sender);
      const users = new Map<string, User>(agent ? [[agent.id, agent]] : []);
      return {
        to: [visitor.contact],
        subject: `Re: your message to ${chat.room}`,
        text: `${senderName(message.sender, users)} answered your message:\n\n${mailBody(message)}\n\nThe answer is in your chat on our site too; write there to continue.\n`,
      };
    });
  };
}

function offlineText(name: string, contact: string | undefined, room: string, chatId: string, message: Message): string {
  return [
    `${name}${contact ? ` <${contact}>` : ''} left a message in room ${room} while nobody was online:`,
    '',
    mailBody(message),
    '',
    `Answer it in the Parley console (chat ${chatId}): the visitor gets your reply in the chat${contact ? ' and by e-mail' : ''}.`,
    '',
  ].join('\n');
}
