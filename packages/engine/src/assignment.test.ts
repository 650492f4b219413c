import type { AgentStatus } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { availableAgents, chooseAgent, loadOf } from './assignment';
import type { AgentState } from './store';

interface AgentSpec {
  open?: number;
  pending?: number;
  capacity?: number;
  status?: AgentStatus;
  lastAssignedAt?: string | null;
  lastOfferedAt?: string | null;
}

function agent(id: string, spec: AgentSpec = {}): AgentState {
  return {
    user: { id, role: 'agent', name: `Agent ${id}`, status: spec.status ?? 'online' },
    profile: {
      userId: id,
      rooms: ['support'],
      capacity: spec.capacity ?? 3,
      lastOfferedAt: spec.lastOfferedAt ?? null,
      lastAssignedAt: spec.lastAssignedAt ?? null,
      statusChoices: 0,
    },
    openChats: spec.open ?? 0,
    pendingOffers: spec.pending ?? 0,
  };
}

const never = (): number => {
  throw new Error('random must not be called by this algorithm');
};

function chosenId(candidates: AgentState[], offered: string[], algorithm: 'least-busy' | 'round-robin' | 'random', random: () => number = never) {
  const choice = chooseAgent(candidates, offered, algorithm, random);
  return choice && { id: choice.agent.user.id, newRound: choice.newRound };
}

describe('loadOf / availableAgents', () => {
  it('counts open chats and pending offers together', () => {
    expect(loadOf(agent('a', { open: 2, pending: 1 }))).toBe(3);
    expect(loadOf(agent('a'))).toBe(0);
  });

  it('keeps only online agents whose open chats plus pending offers are below capacity', () => {
    const agents = [
      agent('free', { open: 1, pending: 1, capacity: 3 }),
      agent('full-open', { open: 3, capacity: 3 }),
      agent('full-mixed', { open: 1, pending: 1, capacity: 2 }),
      agent('away', { status: 'away' }),
      agent('offline', { status: 'offline' }),
      agent('zero', { capacity: 0 }),
      agent('last-slot', { open: 0, pending: 0, capacity: 1 }),
    ];
    expect(availableAgents(agents).map((a) => a.user.id)).toEqual(['free', 'last-slot']);
  });
});

describe('chooseAgent', () => {
  it('returns nothing without candidates', () => {
    expect(chooseAgent([], [], 'least-busy', never)).toBeUndefined();
    expect(chooseAgent([], ['a'], 'random', () => 0.5)).toBeUndefined();
  });

  describe('least-busy', () => {
    it('prefers the fewest open chats plus pending offers', () => {
      const candidates = [agent('a', { open: 2 }), agent('b', { open: 1 }), agent('c', { open: 1, pending: 1 })];
      expect(chosenId(candidates, [], 'least-busy')).toEqual({ id: 'b', newRound: false });
    });

    it('counts pending offers as load', () => {
      const candidates = [agent('a', { pending: 1 }), agent('b', { open: 0, pending: 0 })];
      expect(chosenId(candidates, [], 'least-busy')?.id).toBe('b');
    });

    it('breaks load ties by the longest time since the last assignment, never assigned first', () => {
      const candidates = [
        agent('a', { open: 1, lastAssignedAt: '2026-01-01T00:00:05.000Z' }),
        agent('b', { open: 1, lastAssignedAt: '2026-01-01T00:00:01.000Z' }),
        agent('c', { open: 1, lastAssignedAt: '2026-01-01T00:00:03.000Z' }),
      ];
      expect(chosenId(candidates, [], 'least-busy')?.id).toBe('b');
      const withNever = [...candidates, agent('d', { open: 1, lastAssignedAt: null })];
      expect(chosenId(withNever, [], 'least-busy')?.id).toBe('d');
    });

    it('breaks full ties by id, whatever the input order', () => {
      const candidates = [agent('c'), agent('a'), agent('b')];
      expect(chosenId(candidates, [], 'least-busy')?.id).toBe('a');
      const sameTime = '2026-01-01T00:00:00.000Z';
      expect(chosenId([agent('z', { lastAssignedAt: sameTime }), agent('y', { lastAssignedAt: sameTime })], [], 'least-busy')?.id).toBe('y');
    });

    it('ignores lastOfferedAt', () => {
      const candidates = [agent('a', { lastOfferedAt: '2026-01-01T00:00:09.000Z' }), agent('b', { lastOfferedAt: null })];
      expect(chosenId(candidates, [], 'least-busy')?.id).toBe('a');
    });
  });

  describe('round-robin', () => {
    it('picks whoever was offered a chat longest ago, never offered first', () => {
      const candidates = [
        agent('a', { lastOfferedAt: '2026-01-01T00:00:03.000Z' }),
        agent('b', { lastOfferedAt: '2026-01-01T00:00:01.000Z' }),
        agent('c', { lastOfferedAt: '2026-01-01T00:00:02.000Z' }),
      ];
      expect(chosenId(candidates, [], 'round-robin')).toEqual({ id: 'b', newRound: false });
      expect(chosenId([...candidates, agent('d', { lastOfferedAt: null })], [], 'round-robin')?.id).toBe('d');
    });

    it('ignores load', () => {
      const candidates = [agent('a', { open: 2, lastOfferedAt: '2026-01-01T00:00:01.000Z' }), agent('b', { lastOfferedAt: '2026-01-01T00:00:02.000Z' })];
      expect(chosenId(candidates, [], 'round-robin')?.id).toBe('a');
    });

    it('breaks ties by id', () => {
      expect(chosenId([agent('b'), agent('a')], [], 'round-robin')?.id).toBe('a');
    });
  });

  describe('random', () => {
    it('indexes the candidates (in the given order) with the injected random', () => {
      const candidates = [agent('a'), agent('b'), agent('c')];
      expect(chosenId(candidates, [], 'random', () => 0)?.id).toBe('a');
      expect(chosenId(candidates, [], 'random', () => 0.34)?.id).toBe('b');
      expect(chosenId(candidates, [], 'random', () => 0.99)?.id).toBe('c');
    });

    it('stays in range if random returns 1', () => {
      expect(chosenId([agent('a'), agent('b')], [], 'random', () => 1)?.id).toBe('b');
    });

    it('draws only among agents not yet offered this round', () => {
      const candidates = [agent('a'), agent('b'), agent('c')];
      // Fresh pool is [a, c]: 0.6 * 2 → index 1 → c.
      expect(chosenId(candidates, ['b'], 'random', () => 0.6)).toEqual({ id: 'c', newRound: false });
      expect(chosenId(candidates, ['b'], 'random', () => 0.4)).toEqual({ id: 'a', newRound: false });
    });
  });

  describe('rounds', () => {
    it('skips agents already offered the chat this round, even the best by the algorithm', () => {
      const candidates = [agent('a'), agent('b', { open: 1 }), agent('c', { open: 2 })];
      expect(chosenId(candidates, ['a'], 'least-busy')).toEqual({ id: 'b', newRound: false });
      expect(chosenId(candidates, ['a', 'b'], 'least-busy')).toEqual({ id: 'c', newRound: false });
    });

    it('starts a new round among all candidates once each has been offered', () => {
      const candidates = [agent('a', { open: 1 }), agent('b')];
      expect(chosenId(candidates, ['a', 'b'], 'least-busy')).toEqual({ id: 'b', newRound: true });
      expect(chosenId(candidates, ['b', 'a', 'gone'], 'round-robin')).toEqual({ id: 'a', newRound: true });
      expect(chosenId(candidates, ['a', 'b'], 'random', () => 0)).toEqual({ id: 'a', newRound: true });
    });

    it('with a single candidate, re-offers it as a new round', () => {
      expect(chosenId([agent('solo')], ['solo'], 'least-busy')).toEqual({ id: 'solo', newRound: true });
    });

    it('counts only the given candidates: offered agents that are not candidates do not block a round', () => {
      // 'x' was offered but is no longer available; 'a' is fresh.
      expect(chosenId([agent('a')], ['x'], 'least-busy')).toEqual({ id: 'a', newRound: false });
    });

    it('does not reorder or mutate the caller’s arrays', () => {
      const candidates = [agent('c'), agent('b'), agent('a')];
      const offered = ['a', 'b', 'c'];
      chooseAgent(candidates, offered, 'least-busy', never);
      chooseAgent(candidates, [], 'round-robin', never);
      expect(candidates.map((a) => a.user.id)).toEqual(['c', 'b', 'a']);
      expect(offered).toEqual(['a', 'b', 'c']);
    });
  });
});
