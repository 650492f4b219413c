import type { Strings } from '@parley/ui';
import { defaultStrings } from '@parley/ui';
import type { WidgetStrings } from '../widgetStrings';
import { defaultWidgetStrings } from '../widgetStrings';
import { localeCodeOf } from './localeCode';

/**
 * Every string a visitor meets in the widget: the UI components' and the widget's own. A translation
 * is typed as this whole type, so a locale that misses a key (or names one that does not exist) fails
 * the typecheck; `locales.test.ts` checks the same at run time.
 */
export type WidgetLocale = Strings & WidgetStrings;

export type { LocaleCode } from './localeCode';
export { localeCodeOf, localeCodes, preferredLanguage } from './localeCode';

export const english: WidgetLocale = { ...defaultStrings, ...defaultWidgetStrings };

/**
 * The translation for a language tag. English is in the main file; the others are small chunks
 * next to it (`locales/de.js`…), fetched only by a visitor who needs one.
 */
export async function loadLocale(tag: string | undefined): Promise<WidgetLocale> {
  switch (localeCodeOf(tag)) {
    case 'de':
      return (await import('./de')).de;
    case 'fr':
      return (await import('./fr')).fr;
    case 'es':
      return (await import('./es')).es;
    default:
      return english;
  }
}
