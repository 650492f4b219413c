import type { BusinessHours } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { isOpenAt, localTime } from './businessHours';

const berlinWeekdays: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, open: '09:00', close: '17:00' })),
};

describe('business hours', () => {
  it('reads the wall clock of the room’s time zone, daylight saving time included', () => {
    // 2026-01-05 is a Monday: CET is UTC+1; 2026-07-06 (Monday) is CEST, UTC+2.
    expect(localTime(new Date('2026-01-05T08:30:00Z'), 'Europe/Berlin')).toEqual({ day: 'mon', time: '09:30' });
    expect(localTime(new Date('2026-07-06T08:30:00Z'), 'Europe/Berlin')).toEqual({ day: 'mon', time: '10:30' });
    expect(localTime(new Date('2026-01-05T03:00:00Z'), 'America/New_York')).toEqual({ day: 'sun', time: '22:00' });
  });

  it('is open from the opening minute up to, not including, the closing minute', () => {
    expect(isOpenAt(berlinWeekdays, new Date('2026-01-05T07:59:00Z'))).toBe(false); // 08:59 Berlin
    expect(isOpenAt(berlinWeekdays, new Date('2026-01-05T08:00:00Z'))).toBe(true); // 09:00
    expect(isOpenAt(berlinWeekdays, new Date('2026-01-05T15:59:00Z'))).toBe(true); // 16:59
    expect(isOpenAt(berlinWeekdays, new Date('2026-01-05T16:00:00Z'))).toBe(false); // 17:00
  });

  it('is closed on days without openings, and never open with an empty schedule', () => {
    expect(isOpenAt(berlinWeekdays, new Date('2026-01-10T10:00:00Z'))).toBe(false); // Saturday
    expect(isOpenAt({ timeZone: 'UTC', weekly: [] }, new Date('2026-01-05T10:00:00Z'))).toBe(false);
  });

  it('knows the day by the room’s zone, not by UTC', () => {
    const tokyoMonday: BusinessHours = { timeZone: 'Asia/Tokyo', weekly: [{ day: 'mon', open: '00:00', close: '24:00' }] };
    // Sunday 20:00 UTC is Monday 05:00 in Tokyo.
    expect(isOpenAt(tokyoMonday, new Date('2026-01-04T20:00:00Z'))).toBe(true);
    expect(isOpenAt(tokyoMonday, new Date('2026-01-05T20:00:00Z'))).toBe(false);
  });
});
