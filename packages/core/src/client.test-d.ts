/**
 * Compile-time guarantees of the client surface: `send`, `subscribe` and `unsubscribe` are typed by
 * the protocol's event maps. Each `@ts-expect-error` fails the typecheck if the line below compiles.
 */
import type { Chat as ChatModel, ChatDetails, Message, ParleyError, User } from '@parley/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import type { ChatMessage, ChatStoreState, MessageStatus, ParleyClient } from './index';
import { isStored, messageStatus } from './index';

declare const client: ParleyClient;

describe('ParleyClient types', () => {
  it('types send by event', () => {
    expectTypeOf(client.send('chats:create', { room: 'support', source: 3, creator: 'u' })).resolves.toEqualTypeOf<{ chat: ChatModel; resumed?: true }>();
    expectTypeOf(client.send('chats:get', { chatId: 'c', fields: 'users,history' })).resolves.toEqualTypeOf<{ chat: ChatDetails }>();
    expectTypeOf(client.send('messages:list', { chatId: 'c', afterSeq: 3 })).resolves.toEqualTypeOf<{ messages: Message[]; hasMore: boolean }>();
    // @ts-expect-error unknown event
    void client.send('chats:destroy', { chatId: 'c' });
    // @ts-expect-error missing creator
    void client.send('chats:create', { room: 'support', source: 'web' });
    // @ts-expect-error wrong activity type
    void client.send('users:activity', { chatId: 'c', userId: 'u', type: 'typing' });
  });

  it('types subscribe and unsubscribe by event', () => {
    const stop = client.subscribe('user:joined', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<{ chatId: string; user: User }>();
    });
    expectTypeOf(stop).toEqualTypeOf<() => void>();
    const listener = (payload: { message: Message }) => void payload;
    client.subscribe('message:received', listener);
    client.unsubscribe('message:received', listener);
    // @ts-expect-error a listener of another event's payload
    client.unsubscribe('chat:closed', listener);
    // @ts-expect-error unknown server event
    client.subscribe('chat:exploded', () => undefined);
  });

  it('types the store', () => {
    expectTypeOf<ChatStoreState['connection']['error']>().toEqualTypeOf<ParleyError | undefined>();
    const message = {} as ChatMessage;
    if (isStored(message)) expectTypeOf(message.seq).toEqualTypeOf<number>();
    else expectTypeOf(message.seq).toEqualTypeOf<undefined>();
    // A stored message is the server's object as sent: no status field; a pending one has its own.
    if (message.status === 'failed') expectTypeOf(message.seq).toEqualTypeOf<undefined>();
    if (message.status === undefined) expectTypeOf(message.seq).toEqualTypeOf<number>();
    expectTypeOf(messageStatus(message)).toEqualTypeOf<MessageStatus>();
  });
});
