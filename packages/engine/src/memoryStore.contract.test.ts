import { createMemoryStore } from './memoryStore';
import { describeStoreContract } from './testing';

// The reference implementation must pass its own contract.
describeStoreContract('memory store', async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});
