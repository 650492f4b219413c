import type { AgentStatus, ChatStatus, LimitCode, ParleyErrorCode, ReplyTime } from '@parley/protocol';

/**
 * Every string the components show or announce. Strings that depend on a value are functions, so
 * translations can handle plural rules and word order their own way.
 */
export interface Strings {
  windowLabel: string;
  close: string;
  agentStatus: Record<AgentStatus, string>;
  chatStatus: Record<ChatStatus, string>;
  messageListLabel: string;
  emptyList: string;
  loadOlder: string;
  loadingOlder: string;
  jumpToLatest: (unseen: number) => string;
  you: string;
  /** Labels imported history (an earlier bot conversation): never shown as anyone's live words. */
  imported: string;
  messageStatus: { sending: string; sent: string; read: string; failed: string };
  retry: string;
  /**
   * Why a message was not sent, by the server's (or the client's) error code and, for a limit's
   * refusal, the limit (`file_bytes`, `file_type`, `files_per_chat` for a file the server refused).
   */
  notSentReason: (code: ParleyErrorCode, limit?: LimitCode) => string;
  /** Shown in the header while the link is down, instead of the chat's status. */
  connecting: string;
  reconnecting: string;
  offline: string;
  /** The composer's counter near the length limit: characters left (negative: over the limit). */
  charactersLeft: (left: number) => string;
  /** Asked before the header's close button ends the chat. */
  endChatQuestion: string;
  endChatConfirm: string;
  endChatCancel: string;
  composerLabel: string;
  composerPlaceholder: string;
  composerClosedPlaceholder: string;
  send: string;
  typing: (names: readonly string[]) => string;
  queueWaiting: (position: number | undefined) => string;
  queueOffered: string;
  queueNoAgents: string;
  queueRetry: string;
  closedByMe: string;
  closedByAgent: string;
  closedBySystem: string;
  startNewChat: string;
  /** The closed chat's "e-mail me the transcript" button, and what it says after. */
  emailTranscript: string;
  transcriptSending: string;
  transcriptSent: (to: string) => string;
  transcriptFailed: string;
  offlineTitle: string;
  offlineIntro: string;
  offlineName: string;
  offlineEmail: string;
  offlineMessage: string;
  offlineSubmit: string;
  offlineSubmitting: string;
  offlineSent: string;
  offlineFailed: string;
  required: string;
  invalidEmail: string;
  tooLong: (max: number) => string;
  launcherOpen: string;
  launcherClose: string;
  unread: (count: number) => string;
  startTitle: string;
  startIntro: string;
  startName: string;
  startButton: string;
  starting: string;
  startFailed: string;
  /** The team line under the title: the room's usual reply time (server's `--room-settings`). */
  replyTime: Record<ReplyTime, string>;
  /** Labels the room's welcome message, for screen readers. */
  welcomeLabel: string;
  /** The header's button that hides a full-screen panel (small screens, where the launcher is hidden). */
  minimize: string;
  /** The composer's button that picks files to send. */
  attachFile: string;
  /** Shown over the composer while files are dragged onto it. */
  dropFiles: string;
  /** A file being uploaded: the share done, 0–100. */
  uploading: (percent: number) => string;
  /** The button around an image's thumbnail, which opens it large. */
  openImage: (name: string) => string;
  /** The link that saves a file. */
  downloadFile: (name: string) => string;
  /** The close button of the image viewer. */
  closeImage: string;
  /** The rating form after a chat (CSAT): its question. */
  rateQuestion: string;
  /** One choice of the 1–5 rating, for screen readers (`4` → "4 of 5"). */
  rateChoice: (rating: number) => string;
  /** The rating's optional comment field. */
  rateComment: string;
  rateSubmit: string;
  /** Said once the rating was taken. */
  rateThanks: string;
  rateFailed: string;
  /**
   * Agents only (the console): heads an internal note shown among the messages, so nobody takes it
   * for something the visitor said or will read. Notes never reach a visitor's window.
   */
  internalNote: string;
  /** An internal note's accessible name, by its writer. */
  noteBy: (name: string) => string;
}

export const defaultStrings: Strings = {
  windowLabel: 'Chat',
  close: 'Close chat',
  agentStatus: { online: 'Online', away: 'Away', offline: 'Offline' },
  chatStatus: { waiting: 'Waiting for an agent', offered: 'Connecting you to an agent', active: 'Connected', closed: 'Chat ended' },
  messageListLabel: 'Messages',
  emptyList: 'No messages yet. Say hello!',
  loadOlder: 'Load earlier messages',
  loadingOlder: 'Loading earlier messages…',
  jumpToLatest: (unseen) => (unseen === 1 ? '1 new message' : unseen > 1 ? `${unseen} new messages` : 'Jump to latest'),
  you: 'You',
  imported: 'Imported',
  messageStatus: { sending: 'Sending…', sent: 'Sent', read: 'Read', failed: 'Not sent' },
  retry: 'Retry',
  notSentReason: (code, limit) =>
    limit === 'file_bytes'
      ? 'This file is too large to send.'
      : limit === 'file_type'
        ? 'This type of file cannot be sent.'
        : limit === 'files_per_chat'
          ? 'This chat has as many files as it may hold.'
          : code === 'payload_too_large'
            ? 'Too long to send.'
            : code === 'closed'
              ? 'The chat has ended.'
              : code === 'rate_limited'
                ? 'Too many messages at once. Try again in a moment.'
                : code === 'invalid_payload'
                  ? 'This message cannot be sent.'
                  : code === 'forbidden' || code === 'unauthorized' || code === 'not_found'
                    ? 'You can no longer write in this chat.'
                    : 'Not delivered. Try again.',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'Offline',
  charactersLeft: (left) => (left >= 0 ? `${left} characters left` : `${-left} characters over the limit`),
  endChatQuestion: 'End this chat?',
  endChatConfirm: 'End chat',
  endChatCancel: 'Keep chatting',
  composerLabel: 'Message',
  composerPlaceholder: 'Type a message…',
  composerClosedPlaceholder: 'This chat has ended',
  send: 'Send',
  typing: (names) => {
    if (names.length === 1) return `${names[0]} is typing…`;
    if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
    return 'Several people are typing…';
  },
  queueWaiting: (position) =>
    position === undefined ? 'Waiting for an agent…' : position <= 1 ? 'You are next in line.' : `You are number ${position} in line.`,
  queueOffered: 'An agent is joining…',
  queueNoAgents: 'No agent is available right now.',
  queueRetry: 'Try again',
  closedByMe: 'You ended the chat.',
  closedByAgent: 'The agent ended the chat.',
  closedBySystem: 'This chat has ended.',
  startNewChat: 'Start a new chat',
  emailTranscript: 'Email me the transcript',
  transcriptSending: 'Sending the transcript…',
  transcriptSent: (to) => `The transcript is on its way to ${to}.`,
  transcriptFailed: 'The transcript could not be sent. Please try again later.',
  offlineTitle: 'Leave a message',
  offlineIntro: 'No one is available right now. Leave a message and we will get back to you.',
  offlineName: 'Name',
  offlineEmail: 'Email',
  offlineMessage: 'Message',
  offlineSubmit: 'Send message',
  offlineSubmitting: 'Sending…',
  offlineSent: 'Thanks! We will get back to you.',
  offlineFailed: 'Your message could not be sent. Please try again.',
  required: 'This field is required.',
  invalidEmail: 'Enter a valid email address.',
  tooLong: (max) => `Use at most ${max} characters.`,
  launcherOpen: 'Open chat',
  launcherClose: 'Hide chat',
  unread: (count) => (count === 1 ? '1 unread message' : `${count} unread messages`),
  startTitle: 'Chat with us',
  startIntro: 'Ask us anything: an agent will join you here.',
  startName: 'Your name (optional)',
  startButton: 'Start chat',
  starting: 'Starting…',
  startFailed: 'The chat could not be started. Please try again.',
  replyTime: { minutes: 'Usually replies in a few minutes', hours: 'Usually replies in a few hours', day: 'Usually replies within a day' },
  welcomeLabel: 'Welcome message',
  minimize: 'Minimize chat',
  attachFile: 'Attach a file',
  dropFiles: 'Drop files to send them',
  uploading: (percent) => `Uploading… ${percent}%`,
  openImage: (name) => `Open image ${name}`,
  downloadFile: (name) => `Download ${name}`,
  closeImage: 'Close image',
  rateQuestion: 'How was this chat?',
  rateChoice: (rating) => `${rating} of 5`,
  rateComment: 'Anything to add? (optional)',
  rateSubmit: 'Send rating',
  rateThanks: 'Thank you for your feedback!',
  rateFailed: 'The rating could not be sent. Please try again.',
  internalNote: 'Internal note · only agents see this',
  noteBy: (name) => `Internal note by ${name}`,
};

/** An override may replace any key; nested status maps merge key by key. */
export type StringsOverride = Partial<Omit<Strings, 'agentStatus' | 'chatStatus' | 'messageStatus' | 'replyTime'>> & {
  replyTime?: Partial<Strings['replyTime']>;
  agentStatus?: Partial<Strings['agentStatus']>;
  chatStatus?: Partial<Strings['chatStatus']>;
  messageStatus?: Partial<Strings['messageStatus']>;
};

export function mergeStrings(base: Strings, override: StringsOverride | undefined): Strings {
  if (!override) return base;
  return {
    ...base,
    ...override,
    agentStatus: { ...base.agentStatus, ...override.agentStatus },
    chatStatus: { ...base.chatStatus, ...override.chatStatus },
    messageStatus: { ...base.messageStatus, ...override.messageStatus },
    replyTime: { ...base.replyTime, ...override.replyTime },
  };
}
