import type { AssignOptions, Chat, ChatMessage } from '@parley/core';
import type { Chat as ChatModel, ChatStatus, Message, SendableContent } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import { useCallback, useMemo } from 'react';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';
import { useTracked } from './useTracked';

export interface CreateChatInput {
  room: string;
  source: string | number;
  lang?: string;
}

export interface UseChatResult {
  /** The chat as the server last described it (undefined until known). */
  chat: ChatModel | undefined;
  status: ChatStatus | undefined;
  /** The Chat object for this id (undefined without one). */
  actions: Chat | undefined;
  /**
   * `chats:create` for the signed-in visitor, or the visitor's open chat in that room: safe in an
   * effect that runs twice. Follow it by passing its id to `useChat`.
   */
  create(input: CreateChatInput): Promise<Chat>;
  assign(options?: AssignOptions): Promise<ChatModel>;
  sendMessage(text: string): Promise<Message>;
  /** Any kind a client may send (`{ type: 'text', message }` today). */
  send(content: SendableContent): Promise<Message>;
  /** A file or image through the outbox: uploaded with progress, then sent (see `Chat.sendFile`). */
  sendFile(file: Blob, options?: { name?: string; caption?: string }): Promise<Message>;
  /** Sends a failed message again under its clientId; its row turns back into `sending`. */
  retry(message: ChatMessage): Promise<Message>;
  /** Drops a failed message the user gave up on. */
  discard(message: ChatMessage): void;
  close(): Promise<ChatModel>;
}

function noChat(): Promise<never> {
  return Promise.reject(new ParleyError('not_found', 'useChat was given no chatId'));
}

/**
 * A chat's state and its actions. Without a `chatId`, only `create` is useful. Every function keeps
 * its identity while `chatId` and the provider's client stay the same; the chat is followed once the
 * component mounts (and stays followed by the client after unmount: `client.track` has no undo).
 */
export function useChat(chatId?: string): UseChatResult {
  const client = useParley('useChat');
  const chat = useParleyStore((state) => (chatId === undefined ? undefined : state.chats[chatId]), 'useChat');
  useTracked(client, chatId);
  // A handle: `chats.get` has no side effects and returns the same object for the same id.
  const actions = chatId === undefined ? undefined : client.chats.get(chatId);
  const create = useCallback((input: CreateChatInput) => client.chats.create(input), [client]);
  const assign = useCallback((options?: AssignOptions) => (actions ? actions.assign(options) : noChat()), [actions]);
  const sendMessage = useCallback((text: string) => (actions ? actions.sendMessage(text) : noChat()), [actions]);
  const send = useCallback((content: SendableContent) => (actions ? actions.send(content) : noChat()), [actions]);
  const sendFile = useCallback(
    (file: Blob, options?: { name?: string; caption?: string }) => (actions ? actions.sendFile(file, options) : noChat()),
    [actions],
  );
  const retry = useCallback((message: ChatMessage) => (actions ? actions.retry(message.clientId ?? message.id) : noChat()), [actions]);
  const discard = useCallback((message: ChatMessage) => actions?.discard(message.clientId ?? message.id), [actions]);
  const close = useCallback(() => (actions ? actions.close() : noChat()), [actions]);
  return useMemo(
    () => ({ chat, status: chat?.status, actions, create, assign, sendMessage, send, sendFile, retry, discard, close }),
    [chat, actions, create, assign, sendMessage, send, sendFile, retry, discard, close],
  );
}
