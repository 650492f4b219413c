import type { ParleyClient } from '@parley/core';
import type { ReactNode } from 'react';
import { ParleyContext } from './context';

export interface ParleyProviderProps {
  /** A client from `createClient(...)`; its store (`client.store`) is what the hooks read. */
  client: ParleyClient;
  children?: ReactNode;
}

/**
 * Makes a client available to the hooks, as TanStack Query's provider does with its QueryClient. It
 * opens and closes nothing: the client owns its connection and its store, so StrictMode's
 * mount–unmount–mount never opens a second socket. Make the client outside render (module scope, a
 * `useState` initialiser, or a ref) and `client.destroy()` it when the app is done with it.
 */
export function ParleyProvider({ client, children }: ParleyProviderProps) {
  return <ParleyContext.Provider value={client}>{children}</ParleyContext.Provider>;
}
