/** The widget's own strings, next to `@parley/ui`'s; hosts override both through `strings`. */
export interface WidgetStrings {
  loading: string;
  /** Prefixed to the page title while the panel is closed and messages are unread. */
  titleHint: (unread: number) => string;
}

export const defaultWidgetStrings: WidgetStrings = {
  loading: 'Loading…',
  titleHint: (unread) => `(${unread}) New message${unread === 1 ? '' : 's'} · `,
};
