// Test helpers for implementers of the engine's interfaces (`@parley/engine/testing`). They import
// vitest, so only test files may import this entry.
export { chat as sampleChat, describeStoreContract, draft as sampleDraft } from './storeContract';
export type { StoreUnderTest } from './storeContract';
export { createEngineFixture } from '../testFixture';
export type { EngineFixture } from '../testFixture';
