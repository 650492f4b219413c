// Messages between the limits benchmark and its flood process.

/** What floods the server during a phase (`quiet`: nothing). */
export type FloodKind = 'quiet' | 'bare' | 'logins' | 'all';

export interface FloodCounts {
  /** Requests answered (any status), and how many of them 429. */
  requests: number;
  refused: number;
  signups: number;
  signupsRefused: number;
  events: number;
  eventsRefused: number;
}

export type FloodIn =
  | { type: 'start'; kind: Exclude<FloodKind, 'quiet'>; url: string; loops: number; spamToken: string }
  | { type: 'stop' }
  | { type: 'exit' };

export type FloodOut = { type: 'ready' } | { type: 'started' } | ({ type: 'counts' } & FloodCounts) | { type: 'error'; message: string };
