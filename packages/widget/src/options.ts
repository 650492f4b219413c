import type { AssignOptions } from '@parley/core';
import type { ExtraInfo } from '@parley/protocol';
import type { StringsOverride, Theme } from '@parley/ui';
import type { WidgetIdentity } from './handle';
import type { WidgetStrings } from './widgetStrings';

/**
 * What the page says about the visitor, sent with the sign-up (`POST /v1/users`). The page can say
 * anything: agents see these as the visitor's own words. Proven identity is `identity` / `setUser`.
 */
export interface WidgetUser {
  name?: string;
  contact?: string;
  extraInfo?: ExtraInfo;
}

export interface WidgetOptions {
  /** The Parley server's origin, e.g. `https://chat.example.com`. */
  server: string;
  /** The room chats are queued in. */
  room: string;
  /**
   * The widget's language (`de`, `fr-CA`…): its strings (English, German, French and Spanish are
   * built in), dates, and `chats:create`'s `lang`. Default: the browser's language.
   */
  lang?: string;
  /** Any visible string, overriding the built-in translation. */
  strings?: StringsOverride & Partial<WidgetStrings>;
  theme?: Theme;
  user?: WidgetUser;
  /** The visitor's identity, proven by a token the host's backend minted (the same as `setUser`). */
  identity?: WidgetIdentity;
  /** Where the widget's host element goes; default: a new element at the end of `<body>`. */
  target?: HTMLElement;
  /** How the chat is offered to agents: `interval` seconds per offer, `maxAttempts` offers, `algorithm`. */
  assign?: AssignOptions;
  /** Open the panel right away. */
  open?: boolean;
  /** Start with the launcher hidden (a host's own button calls `open()`); `show()` brings it back. */
  hideLauncher?: boolean;
  /** The panel fills the page and stays open: how the pop-out window shows the chat. */
  fill?: boolean;
  /**
   * The loader script a pop-out window loads, for pages that bundle the widget instead of using the
   * script tag. Default: the script tag's own URL, else `<server>/widget/parley-widget.js`.
   */
  popOutScript?: string;
}

/** Thrown by `Parley.mount` and `<parley-chat>` for options a widget cannot start with. */
export class WidgetOptionsError extends Error {
  readonly code = 'invalid_options';
  constructor(message: string) {
    super(`Parley: ${message}`);
    this.name = 'WidgetOptionsError';
  }
}

const themes: readonly Theme[] = ['light', 'dark', 'auto'];

/** Checks what a host passed in (plain JavaScript callers get no type checks) and fills defaults. */
export function resolveOptions(input: Partial<WidgetOptions> | undefined): WidgetOptions {
  if (!input || typeof input !== 'object') throw new WidgetOptionsError('mount() takes an options object: { server, room }');
  const { server, room, theme } = input;
  if (typeof server !== 'string' || !/^https?:\/\//.test(server)) {
    throw new WidgetOptionsError(`\`server\` must be an http(s) URL, got ${JSON.stringify(server)}`);
  }
  if (typeof room !== 'string' || room.trim() === '') throw new WidgetOptionsError('`room` is required, e.g. "support"');
  if (theme !== undefined && !themes.includes(theme)) throw new WidgetOptionsError(`\`theme\` must be one of ${themes.join(', ')}`);
  return { ...input, server: server.replace(/\/+$/, ''), room: room.trim() };
}

/**
 * Options from a script tag's or `<parley-chat>`'s attributes: `data-server`/`server`, `data-room`/`room`,
 * `data-lang`, `data-theme`, `data-open`, `data-hide-launcher`. A missing server defaults to where the
 * script came from.
 */
export function optionsFromAttributes(element: Element, defaultServer?: string): Partial<WidgetOptions> {
  const read = (name: string) => element.getAttribute(`data-${name}`) ?? element.getAttribute(name) ?? undefined;
  const theme = read('theme');
  const lang = read('lang');
  return {
    server: read('server') ?? defaultServer,
    room: read('room') ?? 'support',
    ...(lang ? { lang } : {}),
    ...(theme ? { theme: theme as Theme } : {}),
    ...(read('open') !== undefined ? { open: true } : {}),
    ...(read('hide-launcher') !== undefined ? { hideLauncher: true } : {}),
  };
}
