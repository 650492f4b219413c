import type { AssignOptions } from '@parley/core';
import type { ExtraInfo } from '@parley/protocol';
import type { StringsOverride, Theme } from '@parley/ui';
import type { WidgetStrings } from './widgetStrings';

/** Who the visitor is, when the host page knows; sent with the sign-up (`POST /v1/users`). */
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
  /** Locale for dates and `chats:create`'s `lang` (default: the page's `<html lang>`). */
  lang?: string;
  /** Any visible string, overriding the English defaults. */
  strings?: StringsOverride & Partial<WidgetStrings>;
  theme?: Theme;
  user?: WidgetUser;
  /** Where the widget's host element goes; default: a new element at the end of `<body>`. */
  target?: HTMLElement;
  /** How the chat is offered to agents: `interval` seconds per offer, `maxAttempts` offers, `algorithm`. */
  assign?: AssignOptions;
  /** Open the panel right away. */
  open?: boolean;
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
 * `data-lang`, `data-theme`, `data-open`. A missing server defaults to where the script came from.
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
  };
}
