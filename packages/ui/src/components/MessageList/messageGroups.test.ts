import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../test/fixtures';
import { startsGroup } from './messageGroups';

const at = (seq: number, sender: string, createdAt: string) => ({ ...makeMessage(seq, sender), createdAt });

describe('startsGroup', () => {
  it('groups one sender’s messages within a minute, and starts again on a new minute or sender', () => {
    const first = at(1, 'agent', '2026-01-05T09:00:05Z');
    const sameMinute = at(2, 'agent', '2026-01-05T09:00:59Z');
    const nextMinute = at(3, 'agent', '2026-01-05T09:01:00Z');
    const otherSender = at(4, 'me', '2026-01-05T09:01:10Z');
    expect(startsGroup(first, undefined)).toBe(true);
    expect(startsGroup(sameMinute, first)).toBe(false);
    expect(startsGroup(nextMinute, sameMinute)).toBe(true);
    expect(startsGroup(otherSender, nextMinute)).toBe(true);
  });

  it('starts a group after a system notice', () => {
    const notice = { ...at(1, 'agent', '2026-01-05T09:00:05Z'), type: 'system' as const };
    expect(startsGroup(at(2, 'agent', '2026-01-05T09:00:10Z'), notice)).toBe(true);
  });

  it('compares minutes across time-zone forms of a timestamp', () => {
    const utc = at(1, 'agent', '2026-01-05T09:00:05.120Z');
    expect(startsGroup(at(2, 'agent', '2026-01-05T11:00:30+02:00'), utc)).toBe(false);
    expect(startsGroup(at(3, 'agent', '2026-01-05T11:01:00+02:00'), utc)).toBe(true);
    expect(startsGroup(at(4, 'agent', '2026-01-05T09:00Z'), utc)).toBe(false);
  });
});
