// The public entry of @parley/widget (the ESM build, parley-widget.esm.js). Bundlers import `mount`;
// the script-tag loader imports this same file on idle and calls `attachApp`.
import type { WidgetHandle } from './handle';
import type { WidgetOptions } from './options';
import { resolveOptions } from './options';
import { defineParleyChat as defineElement } from './parleyChatElement';
import { attachApp } from './app/attachApp';
import { mountShell } from './shell';

export type { WidgetEventName, WidgetEvents, WidgetListener } from './events';
export type { ParleyGlobal, WidgetCommand } from './globalApi';
export type { WidgetHandle, WidgetIdentity } from './handle';
export type { LocaleCode, WidgetLocale } from './locales/locale';
export { localeCodes } from './locales/localeCode';
export type { WidgetOptions, WidgetUser } from './options';
export { WidgetOptionsError } from './options';
export type { WidgetStrings } from './widgetStrings';
export { defaultWidgetStrings } from './widgetStrings';
export { attachApp };

/** Mounts a widget now, with everything already loaded (no loader round trip). */
export function mount(options: Partial<WidgetOptions>): WidgetHandle {
  return mountShell(resolveOptions(options), () => Promise.resolve(attachApp));
}

/** Registers `<parley-chat>` for pages that bundle the widget themselves. */
export function defineParleyChat(tagName?: string): void {
  defineElement(mount, tagName);
}
