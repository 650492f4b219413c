/**
 * What a host page can listen to, with each event's payload: the events tawk.to's and Chatwoot's
 * widgets give (loaded, opened, closed, chat started and ended, a message from an agent, the unread
 * count). `on('agentMessage', (message) => …)` is checked against this map.
 */
export interface WidgetEvents {
  /** The full widget has loaded and rendered (after the launcher, on idle or on the first click). */
  ready: undefined;
  /** The panel opened (by the visitor or by `open()`). */
  opened: undefined;
  /** The panel closed. */
  closed: undefined;
  /** A new chat was opened for the visitor (not when a saved one is resumed). */
  chatStarted: { chatId: string };
  /** The chat ended; `by` is who ended it: the visitor, an agent, or the server (`system`). */
  chatEnded: { chatId: string; by: 'visitor' | 'agent' | 'system' };
  /** A message from an agent arrived (live, not the history of a resumed chat). */
  agentMessage: { chatId: string; messageId: string; text: string; agentId: string; agentName: string | undefined };
  /** The number of agent messages the visitor has not read changed. */
  unreadCountChanged: { count: number };
}

export type WidgetEventName = keyof WidgetEvents;
export type WidgetListener<E extends WidgetEventName> = (payload: WidgetEvents[E]) => void;

export interface WidgetEmitter {
  on<E extends WidgetEventName>(event: E, listener: WidgetListener<E>): () => void;
  off<E extends WidgetEventName>(event: E, listener: WidgetListener<E>): void;
  emit<E extends WidgetEventName>(event: E, payload: WidgetEvents[E]): void;
}

/**
 * One emitter per widget (it lives in the loader, so it is kept small). A listener that throws is
 * reported and does not stop the others: a bug in the host's handler must not break the chat.
 */
export function createEmitter(): WidgetEmitter {
  const listeners: { [E in WidgetEventName]?: WidgetListener<E>[] } = {};
  const off: WidgetEmitter['off'] = (event, listener) => {
    listeners[event] = listeners[event]?.filter((known) => known !== listener) as never;
  };
  return {
    on(event, listener) {
      listeners[event] = [...(listeners[event] ?? []), listener] as never;
      return () => off(event, listener);
    },
    off,
    emit(event, payload) {
      for (const listener of listeners[event] ?? []) {
        try {
          listener(payload);
        } catch (error) {
          console.error('Parley: a listener failed', event, error);
        }
      }
    },
  };
}
