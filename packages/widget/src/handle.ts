import type { ParleyClient } from '@parley/core';
import type { ExtraInfo } from '@parley/protocol';
import type { WidgetEventName, WidgetListener } from './events';
import type { WidgetOptions } from './options';

/** A visitor's identity as the host's backend vouches for it (see `setUser`). */
export interface WidgetIdentity {
  /**
   * An identity token: an HS256 JWT the host's backend signs with the identity secret it shares with
   * the Parley server (`sub`, `exp`, optional `name` and `email`; docs/protocol.md §1). Never minted in
   * the page: whoever holds the secret can claim to be anyone.
   */
  token: string;
}

/** What `Parley.mount` returns, and what the `Parley` global drives for the script tag's widget. */
export interface WidgetHandle {
  open(): void;
  close(): void;
  toggle(): void;
  isOpen(): boolean;
  /** Shows the launcher button again after `hide()`. */
  show(): void;
  /** Hides the launcher button (for a host's own "Chat with us" button); `open()` still opens the panel. */
  hide(): void;
  /** Listens to a widget event; returns the function that stops listening. */
  on<E extends WidgetEventName>(event: E, listener: WidgetListener<E>): () => void;
  off<E extends WidgetEventName>(event: E, listener: WidgetListener<E>): void;
  /** Switches the widget's language now (`de`, `fr-CA`…); unknown languages fall back to English. */
  setLocale(lang: string): void;
  /**
   * Tells the chat who the visitor is, proven by a token the host's backend minted. Before a chat
   * exists it is sent with the sign-up; afterwards it is attached to the visitor. Rejects with
   * `unauthorized` for a token the server does not accept, and with `conflict` when the saved chat
   * belongs to someone else (the widget then forgets that chat and starts afresh).
   */
  setUser(identity: WidgetIdentity): Promise<void>;
  /**
   * Facts about the visitor from the page (plan, page, cart…), merged into their `extraInfo`. The
   * page can say anything: agents see these as unverified.
   */
  setAttributes(attributes: ExtraInfo): Promise<void>;
  /** Opens the chat in a window of its own, where the same chat continues; `null` if the browser blocked it. */
  popOut(): Window | null;
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
  setLocale(lang: string): void;
  setUser(identity: WidgetIdentity): Promise<void>;
  setAttributes(attributes: ExtraInfo): Promise<void>;
  /** Loads the chat into a window the shell opened (see `popOutWindow.ts`). */
  fillPopOut(popup: Window, options: WidgetOptions, loaderUrl: string | undefined): void;
  unmount(): void;
  readonly client: ParleyClient | undefined;
  /** Resolves once the first render is on screen (its translation loaded). */
  readonly rendered: Promise<void>;
}
