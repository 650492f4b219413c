import type { WidgetEventName, WidgetListener } from './events';
import type { WidgetHandle } from './handle';
import type { WidgetOptions } from './options';

/** The calls the `Parley` global forwards to the page's widget, by name. */
export const widgetCommands = ['open', 'close', 'toggle', 'show', 'hide', 'on', 'off', 'setLocale', 'setUser', 'setAttributes', 'popOut'] as const;
export type WidgetCommand = (typeof widgetCommands)[number];
type CommandArgs<C extends WidgetCommand> = Parameters<WidgetHandle[C]>;

/**
 * `window.Parley`: `Parley.mount(options)` for more widgets, and the page's widget (the script tag's,
 * or the first one mounted) driven through the global, as `Parley.open()` or `Parley('open')`. Calls
 * made before the loader ran were queued by the snippet in the README (`Parley.q`) and are replayed,
 * in order, against the first widget that mounts; so are calls made before any widget exists.
 */
export interface ParleyGlobal {
  <C extends WidgetCommand>(command: C, ...args: CommandArgs<C>): void;
  mount(options: Partial<WidgetOptions>): WidgetHandle;
  version: string;
  /** The page's widget, once one is mounted. */
  readonly widget: WidgetHandle | undefined;
  open(): void;
  close(): void;
  toggle(): void;
  /** Whether the page's widget has its panel open (`false` before any widget is mounted). */
  isOpen(): boolean;
  show(): void;
  hide(): void;
  /** Subscribes now, or once the widget exists; stop with `off` (the handle's `on` returns an unsubscribe). */
  on<E extends WidgetEventName>(event: E, listener: WidgetListener<E>): void;
  off<E extends WidgetEventName>(event: E, listener: WidgetListener<E>): void;
  setLocale(lang: string): void;
  setUser: WidgetHandle['setUser'];
  setAttributes: WidgetHandle['setAttributes'];
  /**
   * Opens the chat in a window of its own, as the handle's `popOut` does, and returns that window
   * (`null` if the browser blocked it). Called before any widget is mounted, the call waits for one
   * like the others, so what comes back is a promise of the window; `await` covers both.
   */
  popOut(): Window | null | Promise<Window | null>;
}

/** A call as the stub records it: the command's name and its arguments (an `arguments` object). */
type QueuedCall = ArrayLike<unknown>;

/** The stub the snippet defines: a function that records its calls, or an object with a queue. */
interface ParleyStub {
  q?: QueuedCall[];
}

/**
 * Makes the `Parley` global, taking over the stub's queue. `mount` mounts a widget; the first one
 * mounted becomes the page's widget, and queued calls run against it.
 */
export function createParleyGlobal(mount: (options: Partial<WidgetOptions>) => WidgetHandle, version: string, existing: unknown): ParleyGlobal {
  let widget: WidgetHandle | undefined;
  let arrived: (widget: WidgetHandle) => void = () => undefined;
  const whenWidget = new Promise<WidgetHandle>((resolve) => (arrived = resolve));

  /** Runs a command on the page's widget, now or once it exists; every call keeps its order. */
  function call(name: unknown, args: unknown[]): unknown {
    if (typeof name !== 'string' || !(widgetCommands as readonly string[]).includes(name)) {
      console.error('Parley: unknown command', name);
      return undefined;
    }
    const invoke = (target: WidgetHandle) => (target[name as WidgetCommand] as (...rest: unknown[]) => unknown).apply(target, args);
    if (widget) return invoke(widget);
    const later = whenWidget.then(invoke);
    // Nobody may be holding this promise (a queued or fire-and-forget call): report a failure.
    later.catch((error: unknown) => console.error(`Parley: ${name} failed`, error));
    return later;
  }

  const global = function parley(command: WidgetCommand, ...args: unknown[]) {
    void call(command, args);
  } as ParleyGlobal;
  Object.assign(global, {
    version,
    mount(options: Partial<WidgetOptions>) {
      const handle = mount(options);
      if (!widget) {
        widget = handle;
        arrived(handle);
      }
      return handle;
    },
    ...Object.fromEntries(widgetCommands.map((name) => [name, (...args: unknown[]) => call(name, args)])),
    // A question, not a command: answered now, never queued.
    isOpen: () => widget?.isOpen() ?? false,
  });
  Object.defineProperty(global, 'widget', { get: () => widget });
  for (const queued of (existing as ParleyStub | undefined)?.q ?? []) {
    const [name, ...args] = Array.from(queued);
    void call(name, args);
  }
  return global;
}
