import type { AssignOptions, Chat } from '@parley/core';
import type { Chat as ChatModel, ChatStatus, Message } from '@parley/protocol';
import { useCallback, useMemo } from 'react';
import { useParley } from './context';
import { useParleyStore } from './useParleyStore';

export interface UseChatResult {
  /** The chat as last pushed by the server (undefined until known). */
  chat: ChatModel | undefined;
  status: ChatStatus | undefined;
  /** The Chat object for this id (undefined without one). */
  actions: Chat | undefined;
  /** `chats:create` for the signed-in visitor; follow it by passing its id to `useChat`. */
  create(input: { room: string; source: string | number; lang?: string }): Promise<Chat>;
  assign(options?: AssignOptions): Promise<ChatModel>;
  sendMessage(text: string): Promise<Message>;
  close(): Promise<ChatModel>;
}

const noChat = () => Promise.reject(new Error('useChat: no chatId'));

/** A chat's state and its actions. Without a `chatId`, only `create` is useful. */
export function useChat(chatId?: string): UseChatResult {
  const { client } = useParley('useChat');
  const chat = useParleyStore((state) => (chatId === undefined ? undefined : state.chats[chatId]), 'useChat');
  const actions = useMemo(() => (chatId === undefined ? undefined : client.chats.get(chatId)), [client, chatId]);
  const create = useCallback((input: { room: string; source: string | number; lang?: string }) => client.chats.create(input), [client]);
  return {
    chat,
    status: chat?.status,
    actions,
    create,
    assign: actions ? (options) => actions.assign(options) : noChat,
    sendMessage: actions ? (text) => actions.sendMessage(text) : noChat,
    close: actions ? () => actions.close() : noChat,
  };
}
