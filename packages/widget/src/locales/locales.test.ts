import { describe, expect, it } from 'vitest';
import { de } from './de';
import { es } from './es';
import { fr } from './fr';
import { launcherLabels } from './launcherLabels';
import type { WidgetLocale } from './locale';
import { english, loadLocale, localeCodeOf } from './locale';
import { preferredLanguage } from './localeCode';

const translations: Record<string, WidgetLocale> = { de, fr, es };

/** Every key path of a locale (`agentStatus.away`…), functions included. */
function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, entry]) =>
    entry !== null && typeof entry === 'object' ? keysOf(entry as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('built-in translations', () => {
  it.each(Object.keys(translations))('%s has exactly the keys English has, none empty', (code) => {
    const locale = translations[code]!;
    expect(keysOf(locale).sort()).toEqual(keysOf(english).sort());
    for (const key of keysOf(locale)) {
      const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], locale);
      const text = typeof value === 'function' ? (value as (arg: unknown) => string)(key === 'typing' ? ['Ada'] : 2) : value;
      expect(typeof text === 'string' && text.trim().length > 0, `${code}.${key}`).toBe(true);
    }
  });

  it.each(Object.keys(translations))('%s translates what English says (only names like "Chat" may stay)', (code) => {
    const same = keysOf(english).filter((key) => {
      const read = (locale: WidgetLocale) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], locale);
      return typeof read(english) === 'string' && read(english) === read(translations[code]!);
    });
    // Words these languages share with English.
    const shared = new Set(['windowLabel', 'agentStatus.online', 'agentStatus.offline', 'offline', 'offlineName', 'messageListLabel', 'composerLabel', 'offlineMessage']);
    expect(same.filter((key) => !shared.has(key))).toEqual([]);
  });

  it('the loader’s launcher label matches each translation', () => {
    expect(launcherLabels).toEqual({ en: english.launcherOpen, de: de.launcherOpen, fr: fr.launcherOpen, es: es.launcherOpen });
  });

  it('picks a translation by language tag, region and case aside; unknown languages get English', async () => {
    expect(localeCodeOf('de-AT')).toBe('de');
    expect(localeCodeOf('FR_ca')).toBe('fr');
    expect(localeCodeOf('pt-BR')).toBe('en');
    expect(localeCodeOf(undefined)).toBe('en');
    expect(await loadLocale('es-MX')).toBe(es);
    expect(await loadLocale('ja')).toBe(english);
  });

  it('starts in the host’s language when given, else the browser’s', () => {
    expect(preferredLanguage(' de ')).toBe('de');
    expect(preferredLanguage(undefined)).toBe(navigator.language);
  });
});
