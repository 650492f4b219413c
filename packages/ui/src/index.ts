// The public entry of @parley/ui. Hand-written on purpose: every export here is API.
export type { Theme } from './types';
// The message model is the client's, from the store to the pixels: re-exported for convenience.
export type { ChatMessage, MessageStatus } from '@parley/core';

export { defaultStrings, mergeStrings } from './strings/strings';
export type { Strings, StringsOverride } from './strings/strings';
export { StringsProvider, useLocale, useStrings } from './strings/StringsProvider';
export type { StringsProviderProps } from './strings/StringsProvider';

export { linkify, safeHref } from './text/linkify';
export type { TextSegment } from './text/linkify';
export { MessageText } from './text/MessageText';
export type { MessageTextProps } from './text/MessageText';
export { formatDateTime, formatTime } from './text/formatTime';
export { composeHandlers } from './composeHandlers';

export { ChatWindow } from './components/ChatWindow/ChatWindow';
export type { ChatWindowProps } from './components/ChatWindow/ChatWindow';
export { ChatHeader } from './components/ChatHeader/ChatHeader';
export type { ChatHeaderProps } from './components/ChatHeader/ChatHeader';
export { MessageList } from './components/MessageList/MessageList';
export type { MessageListProps } from './components/MessageList/MessageList';
export { decideAnchor, isAtBottom } from './components/MessageList/anchoring';
export type { AnchorContext, AnchorDecision, ScrollMetrics } from './components/MessageList/anchoring';
export { messageKey } from './components/MessageList/messageKey';
export { MessageBody, messageBodies } from './components/MessageBubble/MessageBody';
export type { MessageBodyProps, MessageBodyRenderers } from './components/MessageBubble/MessageBody';
export { MessageBubble } from './components/MessageBubble/MessageBubble';
export type { MessageBubbleProps } from './components/MessageBubble/MessageBubble';
export { ReadTicks } from './components/MessageBubble/ReadTicks';
export type { ReadTicksProps } from './components/MessageBubble/ReadTicks';
export { Composer } from './components/Composer/Composer';
export type { ComposerProps } from './components/Composer/Composer';
export { TypingIndicator } from './components/TypingIndicator/TypingIndicator';
export type { TypingIndicatorProps } from './components/TypingIndicator/TypingIndicator';
export { QueueStatus } from './components/QueueStatus/QueueStatus';
export type { QueueState, QueueStatusProps } from './components/QueueStatus/QueueStatus';
export { ClosedBanner } from './components/ClosedBanner/ClosedBanner';
export type { ClosedBannerProps } from './components/ClosedBanner/ClosedBanner';
export { OfflineForm } from './components/OfflineForm/OfflineForm';
export type { OfflineFormProps } from './components/OfflineForm/OfflineForm';
export { offlineFormLimits, validateOfflineForm } from './components/OfflineForm/validateOfflineForm';
export type { OfflineFormErrors, OfflineFormValues } from './components/OfflineForm/validateOfflineForm';
export { StartChatForm } from './components/StartChatForm/StartChatForm';
export type { StartChatFormProps } from './components/StartChatForm/StartChatForm';
export { Avatar } from './components/Avatar/Avatar';
export type { AvatarProps } from './components/Avatar/Avatar';
export { avatarColor, initials } from './components/Avatar/avatarColor';
export { Welcome } from './components/Welcome/Welcome';
export type { WelcomeProps } from './components/Welcome/Welcome';
export { parseInline, parseMarkdown } from './text/markdown';
export type { BlockNode, InlineNode } from './text/markdown';
export { startsGroup } from './components/MessageList/messageGroups';
export { Launcher } from './components/Launcher/Launcher';
export type { LauncherProps } from './components/Launcher/Launcher';
export { ParleyChat } from './ParleyChat';
export type { ParleyChatProps } from './ParleyChat';
