import type { CannedResponse } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, fuzzyScore, matchCanned, slashQuery } from './cannedText';

const response = (shortcut: string, text: string): CannedResponse => ({ id: shortcut, shortcut, text, updatedAt: '2026-01-01T00:00:00.000Z' });

describe('canned response text', () => {
  it('fills the visitor, agent and room placeholders and leaves unknown ones as written', () => {
    expect(fillPlaceholders('Hi {{visitor.name}}, {{ agent.name }} from {{room}} here. {{order.id}}', { visitorName: 'Vera', agentName: 'Ann', room: 'support' })).toBe(
      'Hi Vera, Ann from support here. {{order.id}}',
    );
  });

  it('matches shortcuts fuzzily, best first, and text by substring', () => {
    const all = [response('refund', 'Refunds take 5 days.'), response('greeting', 'Hello!'), response('shipping', 'We ship worldwide, refunds aside.')];
    expect(matchCanned('ref', all).map((entry) => entry.shortcut)).toEqual(['refund', 'shipping']);
    expect(matchCanned('rfd', all).map((entry) => entry.shortcut)).toEqual(['refund']);
    expect(matchCanned('', all).map((entry) => entry.shortcut)).toEqual(['greeting', 'refund', 'shipping']);
    expect(matchCanned('zzz', all)).toEqual([]);
    expect(fuzzyScore('gr', 'greeting')!).toBeGreaterThan(fuzzyScore('gn', 'greeting')!);
  });

  it('reads the slash query only while the draft is a single /word', () => {
    expect(slashQuery('/ref')).toBe('ref');
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/ref now')).toBeUndefined();
    expect(slashQuery('a/b')).toBeUndefined();
  });
});
