// Formatters are costly to build and every row needs one: keep one per locale and style, built on
// first use. A cache per style keyed by the locale alone: no key string to build per row.
type Formats = Map<string | undefined, Intl.DateTimeFormat>;

function formatter(cache: Formats, locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = cache.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(locale, format);
  }
  return format;
}

const short: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const full: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const shortFormats: Formats = new Map();
const fullFormats: Formats = new Map();

/** Time of day for a message (`14:05`, `2:05 PM`); empty for an unparsable timestamp. */
export function formatTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter(shortFormats, locale, short).format(date);
}

/** Date and time, for a tooltip. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter(fullFormats, locale, full).format(date);
}
