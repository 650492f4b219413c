import type { ConnectionState } from '@parley/core';
import { useParleyStore } from './useParleyStore';

/** `idle | connecting | connected | reconnecting | disconnected`, with the last error. */
export function useConnection(): ConnectionState {
  return useParleyStore((state) => state.connection, 'useConnection');
}
