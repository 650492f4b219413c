// Kept apart from the translations: the loader imports this file and must stay tiny.

/** The built-in translations. Others come in through the `strings` option. */
export const localeCodes = ['en', 'de', 'fr', 'es'] as const;
export type LocaleCode = (typeof localeCodes)[number];

/** `de-AT` → `de`; anything not built in → `en`. */
export function localeCodeOf(tag: string | undefined): LocaleCode {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (localeCodes as readonly string[]).includes(base) ? (base as LocaleCode) : 'en';
}

/** The language a widget starts in: the host's `data-lang` / `lang` option, else the browser's. */
export function preferredLanguage(lang: unknown): string {
  return (typeof lang === 'string' && lang.trim()) || navigator.language || 'en';
}
