/**
 * A typed listener registry: `on` returns its own remover, and `off` removes exactly the listener it
 * is given (the seed's `unsubscribe` must never drop other listeners of the same event).
 */
export type Listener<Payload> = (payload: Payload) => void;

export interface Emitter<Events extends object> {
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void;
  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void;
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
  /** Listeners of `event` (for tests and for skipping work nobody listens to). */
  count(event: keyof Events): number;
  clear(): void;
}

export function createEmitter<Events extends object>(onListenerError: (error: unknown) => void = reportError): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();

  function off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    const set = listeners.get(event);
    if (!set) return;
    set.delete(listener as Listener<never>);
    if (set.size === 0) listeners.delete(event);
  }

  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as Listener<never>);
      return () => off(event, listener);
    },
    off,
    emit(event, payload) {
      const set = listeners.get(event);
      if (!set) return;
      // A copy: a listener that unsubscribes itself (or another) must not skip anyone this round.
      for (const listener of [...set]) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          // One broken subscriber must not starve the others (or the store) of the event.
          onListenerError(error);
        }
      }
    },
    count(event) {
      return listeners.get(event)?.size ?? 0;
    },
    clear() {
      listeners.clear();
    },
  };
}

function reportError(error: unknown): void {
  // Rethrown outside the emit loop, so it reaches the host's global error reporting.
  queueMicrotask(() => {
    throw error;
  });
}
