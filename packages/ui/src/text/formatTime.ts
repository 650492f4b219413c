// Formatters are costly to build and every row needs one: keep one per locale and style.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

const short: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const full: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** Time of day for a message (`14:05`, `2:05 PM`); empty for an unparsable timestamp. */
export function formatTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter(locale, short).format(date);
}

/** Date and time, for a tooltip. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter(locale, full).format(date);
}
