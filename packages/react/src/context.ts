import type { ChatStore, ParleyClient } from '@parley/core';
import { createChatStore } from '@parley/core';
import { createContext, useContext } from 'react';

export interface ParleyContextValue {
  client: ParleyClient;
  store: ChatStore;
}

export const ParleyContext = createContext<ParleyContextValue | undefined>(undefined);

/** Thrown by every hook used outside `<ParleyProvider>`: names the fix, not just the symptom. */
export class ParleyProviderMissingError extends Error {
  override readonly name = 'ParleyProviderMissingError';
  readonly code = 'provider_missing';

  constructor(hook: string) {
    super(`${hook} must be used inside <ParleyProvider client={…}>`);
  }
}

export function useParley(hook = 'useParley'): ParleyContextValue {
  const value = useContext(ParleyContext);
  if (!value) throw new ParleyProviderMissingError(hook);
  return value;
}

/**
 * One store per client, made on first use and kept beside it. Creating it inside a render (or a
 * `useState` initialiser) would make two under StrictMode's double render, and the discarded one would
 * stay subscribed to the client.
 */
const stores = new WeakMap<ParleyClient, ChatStore>();

export function storeFor(client: ParleyClient): ChatStore {
  let store = stores.get(client);
  if (!store) {
    store = createChatStore(client);
    stores.set(client, store);
  }
  return store;
}
