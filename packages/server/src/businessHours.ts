import type { BusinessHours, Weekday } from '@parley/protocol';

const weekdayOf: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const formats = new Map<string, Intl.DateTimeFormat>();

/** The weekday and `HH:MM` that a wall clock in `timeZone` shows at `at` (Intl: no date library needed). */
export function localTime(at: Date, timeZone: string): { day: Weekday; time: string } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { day: weekdayOf[parts.weekday ?? ''] ?? 'mon', time: `${parts.hour}:${parts.minute}` };
}

/**
 * Whether a room with these hours is open at `at`: some opening of that local weekday has
 * `open <= time < close`. Times compare as `HH:MM` text, which orders them like the clock does.
 */
export function isOpenAt(hours: BusinessHours, at: Date): boolean {
  const { day, time } = localTime(at, hours.timeZone);
  return hours.weekly.some((opening) => opening.day === day && opening.open <= time && time < opening.close);
}
