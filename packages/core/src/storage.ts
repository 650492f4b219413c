/** The slice of the Web Storage API the outbox needs; hosts may pass IndexedDB-backed or test doubles. */
export interface StorageAdapter {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createMemoryStorage(): StorageAdapter {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * `localStorage` (or `sessionStorage`) when the page has a usable one, else undefined. Looked up when
 * a client is created, never at import time (SSR), and guarded: Safari's private mode and sandboxed
 * iframes throw on access.
 */
export function browserStorage(kind: 'localStorage' | 'sessionStorage' = 'localStorage'): StorageAdapter | undefined {
  try {
    const storage = (globalThis as { localStorage?: StorageAdapter; sessionStorage?: StorageAdapter })[kind];
    if (!storage) return undefined;
    const probe = '__parley_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}
