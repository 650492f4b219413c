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
  // Each event's listeners as an array replaced (never changed) on `on` and `off`, which are rare:
  // `emit`, once per server push, walks the array it finds without copying it, and a listener that
  // unsubscribes itself (or another) during an emit changes only the arrays of later emits.
  const listeners = new Map<keyof Events, readonly Listener<never>[]>();

  function off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    const current = listeners.get(event);
    if (!current?.includes(listener as Listener<never>)) return;
    const rest = current.filter((entry) => entry !== listener);
    if (rest.length === 0) listeners.delete(event);
    else listeners.set(event, rest);
  }

  return {
    on(event, listener) {
      const current = listeners.get(event) ?? [];
      // A listener added twice is called once, and one `off` removes it.
      if (!current.includes(listener as Listener<never>)) listeners.set(event, [...current, listener as Listener<never>]);
      return () => off(event, listener);
    },
    off,
    emit(event, payload) {
      const current = listeners.get(event);
      if (!current) return;
      for (let index = 0; index < current.length; index++) {
        try {
          (current[index] as Listener<typeof payload>)(payload);
        } catch (error) {
          // One broken subscriber must not starve the others (or the store) of the event.
          onListenerError(error);
        }
      }
    },
    count(event) {
      return listeners.get(event)?.length ?? 0;
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
