import type { ParleyClient } from '@parley/core';
import { createContext, useContext } from 'react';

export const ParleyContext = createContext<ParleyClient | undefined>(undefined);

/** Thrown by every hook used outside `<ParleyProvider>`: names the fix, not just the symptom. */
export class ParleyProviderMissingError extends Error {
  override readonly name = 'ParleyProviderMissingError';
  readonly code = 'provider_missing';

  constructor(hook: string) {
    super(`${hook} must be used inside <ParleyProvider client={…}>`);
  }
}

/** The provider's client (its store is `client.store`). */
export function useParley(hook = 'useParley'): ParleyClient {
  const client = useContext(ParleyContext);
  if (!client) throw new ParleyProviderMissingError(hook);
  return client;
}
