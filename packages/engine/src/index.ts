export type { Actor } from './actor';
export { availableAgents, chooseAgent, loadOf } from './assignment';
export type { AgentChoice } from './assignment';
export { toChat } from './chatView';
export type { Clock, Timer, TimerTask } from './clock';
export { systemClock, systemTimer } from './clock';
export { createChatEngine } from './engine';
export type {
  AgentRegistration,
  ChatEngine,
  VisitorChanges,
  ChatEngineOptions,
  CommandOutcome,
  EventListener,
} from './engine';
export { createManualClock } from './manualClock';
export { defaultEnginePolicy } from './policy';
export type { EnginePolicy, LimitName } from './policy';
export type { ManualClock } from './manualClock';
export { createMemoryStore } from './memoryStore';
export type { OutgoingEvent } from './outgoing';
export type {
  AgentProfile,
  AgentState,
  AppendResult,
  ChatRecord,
  MemberAppendResult,
  FileRecord,
  MessageDraft,
  ImportedTotals,
  OfferRecord,
  RoutingState,
  Store,
  StoreTransaction,
} from './store';
