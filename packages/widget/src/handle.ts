import type { ParleyClient } from '@parley/core';

/** What `Parley.mount` returns: the panel's controls and, once a visitor session exists, its client. */
export interface WidgetHandle {
  open(): void;
  close(): void;
  toggle(): void;
  /** Removes the widget and disconnects; the stored session stays for the next visit. */
  unmount(): void;
  /** The visitor's client, once the widget has loaded and a chat was started or resumed. */
  readonly client: ParleyClient | undefined;
  /** Resolves when the full widget (React, UI) has loaded and rendered. */
  readonly ready: Promise<void>;
}

/** The full widget as the shell drives it; `attachApp` in `app/attachApp.tsx` makes one. */
export interface WidgetApp {
  setOpen(open: boolean): void;
  isOpen(): boolean;
  unmount(): void;
  readonly client: ParleyClient | undefined;
}
