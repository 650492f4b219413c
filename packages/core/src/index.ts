export { createClient } from './client';
export type { AgentApi, ChatCreateInput, ChatsApi, ClientOptions, ParleyClient, ServerListener } from './client';
export { createChat } from './chat';
export type { AssignOptions, Chat, ChatContext, TransferTarget } from './chat';
export {
  selectChat,
  selectMessages,
  selectPaging,
  selectQueuePosition,
  selectReads,
  selectTyping,
  selectUnread,
  selectVisitorOnline,
} from './chatStore';
export type { ChatPaging, ChatStore, ChatStoreState, Invitation, StoreEnhancer } from './chatStore';
export { isStored, messageStatus } from './chatMessage';
export type { ChatMessage, MessageStatus, PendingMessage, StoredMessage } from './chatMessage';
export { createEmitter } from './emitter';
export type { Emitter, Listener } from './emitter';
export { isTransient, toParleyError } from './errors';
export { userFromToken } from './identity';
export { createLocalTransport } from './localTransport';
export type { LocalTransport, LocalTransportOptions } from './localTransport';
export { emptyMessageList, MessageLog } from './messageList';
export type { MessageList } from './messageList';
export { createFileTransfer } from './fileTransfer';
export type { FileTransfer, FileTransferOptions, UploadProgress } from './fileTransfer';
export { createOutbox } from './outbox';
export type { Outbox, OutboxEntry, OutboxEvent, OutboxOptions } from './outbox';
export type { Drafts } from './drafts';
export {
  availableAgents,
  cannedResponses,
  chatTranscript,
  deleteCannedResponse,
  loginAgent,
  logOut,
  rateChat,
  ratingSummary,
  requestTranscript,
  roomInfo,
  saveCannedResponse,
  searchChats,
  signUpVisitor,
  updateVisitor,
} from './rest';
export type { ChatSearchFilters, RestOptions, SignedIn } from './rest';
export { createSequencer } from './sequencer';
export type { OlderUpdate, Sequencer, SequencerOptions } from './sequencer';
export { createSocketTransport } from './socketTransport';
export type { SocketTransportOptions } from './socketTransport';
export { browserStorage, createMemoryStorage } from './storage';
export type { StorageAdapter } from './storage';
export type { ConnectionState, ConnectionStatus, Transport, TransportListeners } from './transport';
export { createTypingWatcher } from './typingWatcher';
export type { TypingInput, TypingWatcher, TypingWatcherOptions } from './typingWatcher';
// The protocol's error type, so apps can `instanceof` without a second import.
export { isParleyError, ParleyError } from '@parley/protocol';
export type { ParleyErrorCode } from '@parley/protocol';
