import type { ChatStoreState } from '@parley/core';
import { useStore } from 'zustand';
import { useParley } from './context';

/** A selector over the client's store: the component re-renders only when the selection changes. */
export function useParleyStore<Selected>(selector: (state: ChatStoreState) => Selected, hook = 'useParleyStore'): Selected {
  return useStore(useParley(hook).store, selector);
}
