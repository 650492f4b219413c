import type { AssignmentAlgorithm } from '@parley/protocol';
import type { AgentState } from './store';

/** An agent's load: open chats plus offers it has not answered. Capacity bounds the sum. */
export function loadOf(agent: AgentState): number {
  return agent.openChats + agent.pendingOffers;
}

/** Online agents with a free slot: the only ones a chat may be offered to. */
export function availableAgents(agents: readonly AgentState[]): AgentState[] {
  return agents.filter((agent) => agent.user.status === 'online' && loadOf(agent) < agent.profile.capacity);
}

export interface AgentChoice {
  agent: AgentState;
  /** True when every candidate had been offered the chat: the round starts over with this offer. */
  newRound: boolean;
}

/**
 * Picks who is offered a chat next (PROTOCOL.md §6): among available agents not yet offered the chat
 * this round — or all available agents once each has been — by the chat's algorithm.
 */
export function chooseAgent(
  candidates: readonly AgentState[],
  offeredThisRound: readonly string[],
  algorithm: AssignmentAlgorithm,
  random: () => number,
): AgentChoice | undefined {
  if (candidates.length === 0) return undefined;
  const fresh = candidates.filter((agent) => !offeredThisRound.includes(agent.user.id));
  const newRound = fresh.length === 0;
  const pool = newRound ? [...candidates] : fresh;
  return { agent: pick(pool, algorithm, random), newRound };
}

function pick(pool: AgentState[], algorithm: AssignmentAlgorithm, random: () => number): AgentState {
  switch (algorithm) {
    case 'random':
      return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))]!;
    case 'round-robin':
      // Whoever was offered a chat longest ago (never first) is next: a rotation that survives
      // agents joining and leaving, and restarts.
      return pool.sort((a, b) => compareTimes(a.profile.lastOfferedAt, b.profile.lastOfferedAt) || byId(a, b))[0]!;
    case 'least-busy':
      return pool.sort(
        (a, b) => loadOf(a) - loadOf(b) || compareTimes(a.profile.lastAssignedAt, b.profile.lastAssignedAt) || byId(a, b),
      )[0]!;
  }
}

/** Earlier first; never (null) before any time. */
function compareTimes(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function byId(a: AgentState, b: AgentState): number {
  return a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0;
}
