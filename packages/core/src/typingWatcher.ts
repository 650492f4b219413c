import type { ActivityType } from '@parley/protocol';

/** The part of an `<input>` / `<textarea>` the watcher uses: typed structurally, no DOM at import. */
export interface TypingInput {
  readonly value: string;
  addEventListener(type: 'input', listener: () => void): void;
  removeEventListener(type: 'input', listener: () => void): void;
}

export interface TypingWatcherOptions {
  /** Quiet time after the last keystroke before `stop-writing` (default 1.5 s). */
  pauseMs?: number;
}

export interface TypingWatcher {
  /** Feed the input's current value (call from `onChange` when not binding an element). */
  input(value: string): void;
  /** The message was sent: the input is empty again. */
  reset(): void;
  dispose(): void;
}

/**
 * The seed's `monitorUserActivity`: `writing` on the first keystroke of a burst, `stop-writing` after
 * a pause, `not-writing` when the input is emptied. Only changes are sent, so a fast typist costs one
 * event per burst, not one per key.
 */
export function createTypingWatcher(
  report: (type: ActivityType) => void,
  target?: TypingInput,
  options: TypingWatcherOptions = {},
): TypingWatcher {
  const pauseMs = options.pauseMs ?? 1_500;
  let last: ActivityType = 'not-writing';
  let pause: ReturnType<typeof setTimeout> | undefined;

  function set(type: ActivityType): void {
    if (type === last) return;
    last = type;
    report(type);
  }

  function input(value: string): void {
    clearTimeout(pause);
    if (value.length === 0) {
      // Only worth saying when the other side may think we are typing.
      if (last === 'writing' || last === 'stop-writing') set('not-writing');
      return;
    }
    set('writing');
    pause = setTimeout(() => set('stop-writing'), pauseMs);
  }

  const onInput = () => input(target?.value ?? '');
  target?.addEventListener('input', onInput);

  return {
    input,
    reset() {
      input('');
    },
    dispose() {
      clearTimeout(pause);
      target?.removeEventListener('input', onInput);
    },
  };
}
