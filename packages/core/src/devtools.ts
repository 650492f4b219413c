import { devtools as zustandDevtools } from 'zustand/middleware';
import type { StoreEnhancer } from './chatStore';

export interface DevtoolsOptions {
  /** The store's name in the Redux DevTools (default `parley`; name each client when there are several). */
  name?: string;
}

/**
 * Shows a client's store in the Redux DevTools browser extension, through zustand's `devtools`
 * middleware: `createClient({ url, token, devtools: devtools({ name: 'visitor' }) })`. A separate
 * entry (`@parley/core/devtools`), so production bundles carry it only when an app imports it.
 */
export function devtools(options: DevtoolsOptions = {}): StoreEnhancer {
  return (initializer) => zustandDevtools(initializer, { name: options.name ?? 'parley', enabled: true });
}
