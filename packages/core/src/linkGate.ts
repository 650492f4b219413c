import { ParleyError } from '@parley/protocol';

interface Waiter {
  resolve(): void;
  reject(error: ParleyError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Holds commands until the link is up, so a command issued while connecting (or reconnecting) is
 * sent once it can be, in the order issued, instead of failing. Each waits until its deadline, then
 * rejects with `timeout`; closing the gate (an explicit disconnect, a destroyed client, a refused
 * token) rejects them all with its reason.
 */
export interface LinkGate {
  /** When a command issued now stops waiting. */
  deadline(): number;
  /** Resolves when the link is up (at once if it is); rejects at the deadline or when closed. */
  open(eventName: string, deadline: number): Promise<void>;
  /** The link is up: waiting commands go, first come first served. */
  opened(): void;
  /** The link is down but coming back: commands wait again. */
  lost(): void;
  /** No link until `reopen()`: waiting and later commands reject with `reason`. */
  close(reason: ParleyError): void;
  /** A closed gate waits for the link again (after `connect()`). */
  reopen(): void;
}

export function createLinkGate(timeoutMs: number, now: () => number = Date.now): LinkGate {
  let state: { kind: 'waiting' } | { kind: 'open' } | { kind: 'closed'; reason: ParleyError } = { kind: 'waiting' };
  const waiters = new Set<Waiter>();

  return {
    deadline: () => now() + timeoutMs,
    open(eventName, deadline) {
      if (state.kind === 'open') return Promise.resolve();
      if (state.kind === 'closed') return Promise.reject(new ParleyError(state.reason.code, `${state.reason.message}; ${eventName} was not sent`));
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(new ParleyError('timeout', `no connection within ${timeoutMs} ms; ${eventName} was not sent`));
          }, Math.max(0, deadline - now())),
        };
        waiters.add(waiter);
      });
    },
    opened() {
      state = { kind: 'open' };
      // A Set iterates in insertion order: commands leave in the order they were issued.
      for (const waiter of [...waiters]) {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        waiter.resolve();
      }
    },
    lost() {
      if (state.kind === 'open') state = { kind: 'waiting' };
    },
    close(reason) {
      state = { kind: 'closed', reason };
      for (const waiter of [...waiters]) {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        waiter.reject(new ParleyError(reason.code, reason.message));
      }
    },
    reopen() {
      if (state.kind === 'closed') state = { kind: 'waiting' };
    },
  };
}
