/** The widget's own strings, next to `@parley/ui`'s; hosts override both through `strings`. */
export interface WidgetStrings {
  startTitle: string;
  startIntro: string;
  startName: string;
  startButton: string;
  starting: string;
  startFailed: string;
  loading: string;
  /** Prefixed to the page title while the panel is closed and messages are unread. */
  titleHint: (unread: number) => string;
}

export const defaultWidgetStrings: WidgetStrings = {
  startTitle: 'Chat with us',
  startIntro: 'Ask us anything: an agent will join you here.',
  startName: 'Your name (optional)',
  startButton: 'Start chat',
  starting: 'Starting…',
  startFailed: 'The chat could not be started. Please try again.',
  loading: 'Loading…',
  titleHint: (unread) => `(${unread}) New message${unread === 1 ? '' : 's'} · `,
};
