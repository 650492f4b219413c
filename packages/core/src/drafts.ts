import type { StorageAdapter } from './storage';

/**
 * What a person has typed in a chat and not sent yet, per chat. It outlives the composer that shows
 * it (an agent switching between chats on the desk) and, with storage, a reload of the page.
 */
export interface Drafts {
  /** The unsent text of a chat (`''` when there is none). */
  get(chatId: string): string;
  /** Keeps the text; `''` (or only whitespace) is no draft, and leaves nothing in storage. */
  set(chatId: string, text: string): void;
}

export interface DraftsOptions {
  /** Where drafts survive a reload; without one they live as long as the client. */
  storage?: StorageAdapter | undefined;
  /** Prefix of the storage keys: one per signed-in user, so a shared browser never shows another's text. */
  storageKey: string;
}

export function createDrafts({ storage, storageKey }: DraftsOptions): Drafts {
  // Also the only copy without storage, and the copy that still answers when storage refuses a write
  // (quota, Safari's private mode): typing must never fail because the draft could not be saved.
  const held = new Map<string, string>();
  const keyOf = (chatId: string) => `${storageKey}:${chatId}`;

  return {
    get(chatId) {
      let text = held.get(chatId);
      if (text === undefined) {
        // Read from storage once per chat: a composer reads its draft on every render.
        try {
          text = storage?.getItem(keyOf(chatId)) ?? '';
        } catch {
          text = '';
        }
        held.set(chatId, text);
      }
      return text;
    },
    set(chatId, text) {
      held.set(chatId, text);
      try {
        if (text.trim() === '') storage?.removeItem(keyOf(chatId));
        else storage?.setItem(keyOf(chatId), text);
      } catch {
        // Kept in memory for this page (above); only the reload loses it.
      }
    },
  };
}
