/** Time as the engine sees it: injected, so assignment timelines are tested without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export type TimerTask = () => void | Promise<void>;

export interface Timer {
  setTimeout(task: TimerTask, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Both browsers and Node have these globals; the engine is compiled without DOM or Node typings
// (so it cannot grow a platform dependency by accident), hence the narrow local description.
const host = globalThis as unknown as {
  setTimeout(task: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimer: Timer = {
  setTimeout: (task, delayMs) => host.setTimeout(() => void task(), delayMs),
  clearTimeout: (handle) => host.clearTimeout(handle),
};
