import type { LocaleCode } from './localeCode';

/**
 * The boot launcher's label, drawn by the loader before any translation has loaded: the one string
 * the 2 kB loader carries per language (`locales.test.ts` checks it matches each locale's `launcherOpen`).
 */
export const launcherLabels: Record<LocaleCode, string> = {
  en: 'Open chat',
  de: 'Chat öffnen',
  fr: 'Ouvrir le chat',
  es: 'Abrir el chat',
};

/** The label for a language tag: `de-AT` → German; languages not built in → English. */
export function launcherLabel(lang: string): string {
  return launcherLabels[lang.slice(0, 2).toLowerCase() as LocaleCode] ?? launcherLabels.en;
}
