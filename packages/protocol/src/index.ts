export { limits } from './limits';
export type {
  ActivityType,
  AgentStatus,
  AssignmentAlgorithm,
  Chat,
  ChatDetails,
  ChatField,
  ChatStatus,
  ChatTransfer,
  ExtraInfo,
  FileAttachment,
  FileContent,
  FileLink,
  HistoryEntry,
  HistoryEntryType,
  Message,
  MessageContent,
  MessageMeta,
  MessagePage,
  Note,
  VisitorContext,
  ChatOrigin,
  CannedResponse,
  ChatRating,
  ChatRecordSummary,
  RatingSummary,
  ChatTranscript,
  MessageRange,
  MessageType,
  ReplyTime,
  RoomInfo,
  SendableContent,
  SystemContent,
  TextContent,
  TransferAgent,
  TransferRoom,
  Session,
  User,
  UserRole,
  VerifiedIdentity,
} from './models';
export type { ClientErrorCode, ErrorCode, ErrorPayload, ParleyErrorCode } from './errors';
export { clientErrorCodes, isParleyError, isServerErrorCode, ParleyError, serverErrorCodes } from './errors';
export type { LimitCode, LimitDetails } from './limitCodes';
export { isLimitCode, limitCodes } from './limitCodes';
export { isReservedUserId, reservedUserIds } from './reservedUserIds';
export type { AckEnvelope } from './envelope';
export { ackError, ackOk } from './envelope';
export type {
  ClientCommand,
  ClientEventName,
  ClientEventResults,
  ClientPayload,
  ClientResult,
  ClientToServerEvents,
  ServerEvent,
  ServerEventName,
  ServerEventPayloads,
  ServerPayload,
  ServerToClientEvents,
} from './events';
export { clientEventNames, isClientEventName, serverEventNames } from './events';
export type { AgentLogin, CannedResponseInput, ChatRatingInput, ChatSearch, ClientPayloadSchemas, RoomSettings, TranscriptRequest, VisitorSignup, VisitorUpdate } from './schemas';
export {
  activityTypeSchema,
  agentLoginSchema,
  agentStatusSchema,
  assignmentAlgorithmSchema,
  cannedResponseInputSchema,
  chatRatingInputSchema,
  chatSearchSchema,
  visitorContextSchema,
  clientPayloadSchemas,
  fileNameSchema,
  historyEntrySchema,
  roomSettingsFileSchema,
  transcriptRequestSchema,
  emailAddressSchema,
  roomSettingsSchema,
  visitorSignupSchema,
  visitorUpdateSchema,
} from './schemas';
export type { PayloadIssue } from './validate';
export { parseClientPayload, parseWithSchema } from './validate';
export type { WebhookBody, WebhookEventData, WebhookEventName } from './webhooks';
export { isWebhookEventName, webhookEventNames, webhookSignatureHeader } from './webhooks';
export type {
  AdminAgent,
  AdminAgentCreate,
  AdminAgentUpdate,
  AdminRoom,
  AdminRoomCreate,
  AdminRoomUpdate,
  AuditEntry,
  BusinessHours,
  OpeningHours,
  PasswordChange,
  PasswordLink,
  PasswordLinkAccept,
  PasswordLinkPurpose,
  Weekday,
} from './admin';
export {
  adminAgentCreateSchema,
  adminAgentUpdateSchema,
  adminRoomCreateSchema,
  adminRoomUpdateSchema,
  businessHoursSchema,
  isTimeZone,
  newPasswordSchema,
  openingHoursSchema,
  passwordChangeSchema,
  passwordLinkAcceptSchema,
  weekdays,
} from './admin';
