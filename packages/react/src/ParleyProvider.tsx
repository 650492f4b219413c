import type { ChatStore, ParleyClient } from '@parley/core';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { ParleyContext, storeFor } from './context';

export interface ParleyProviderProps {
  client: ParleyClient;
  /** A store made with `createChatStore(client)`; by default one is made per client. */
  store?: ChatStore;
  children?: ReactNode;
}

/**
 * Makes a client and its store available to the hooks. Make the store when you make the client
 * (`createChatStore(client)`, or `storeFor`-style on first render): events pushed before it exists —
 * an agent's own `agent:status` on connect, say — are not replayed. It opens and closes nothing: the client owns
 * its connection, so StrictMode's mount–unmount–mount never opens a second socket.
 */
export function ParleyProvider({ client, store, children }: ParleyProviderProps) {
  const value = useMemo(() => ({ client, store: store ?? storeFor(client) }), [client, store]);
  return <ParleyContext.Provider value={value}>{children}</ParleyContext.Provider>;
}
