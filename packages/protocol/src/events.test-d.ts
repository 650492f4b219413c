/**
 * Compile-time guarantees of the event maps: a client cannot send a payload its event does not take,
 * and every listener, ack and pushed event is typed from the same source as the schemas.
 * Each `@ts-expect-error` is a test: it fails the typecheck if the line below it ever compiles.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AckEnvelope,
  Chat,
  ChatOrigin,
  ChatDetails,
  ChatField,
  ClientCommand,
  ClientEventName,
  clientEventNames,
  ClientPayload,
  ClientResult,
  ClientToServerEvents,
  ErrorPayload,
  Message,
  ParleyError,
  parseClientPayload,
  ServerEvent,
  ServerEventName,
  serverEventNames,
  ServerPayload,
  ServerToClientEvents,
  User,
} from './index';

/** The shape of the client SDK's `send` (PROTOCOL.md §2), typed by the event maps. */
declare function send<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>>;

describe('send(event, payload)', () => {
  it('accepts a valid payload and resolves to the event result', () => {
    expectTypeOf(send('chats:create', { room: 'a', source: 'web', creator: 'u' })).resolves.toEqualTypeOf<{ chat: Chat; resumed?: true }>();
    expectTypeOf(send('chats:create', { room: 'a', source: 3, lang: 'en', creator: 'u' })).resolves.toEqualTypeOf<{
      chat: Chat;
      resumed?: true;
    }>();
    expectTypeOf(send('messages:send', { chatId: 'c', clientId: 'k', type: 'text', message: 'hi' })).resolves.toEqualTypeOf<{
      message: Message;
    }>();
    expectTypeOf(send('messages:read', { messageId: 'm', userId: 'u' })).resolves.toEqualTypeOf<{ chatId: string; seq: number }>();
    expectTypeOf(send('messages:list', { chatId: 'c', afterSeq: 3 })).resolves.toEqualTypeOf<{
      messages: Message[];
      hasMore: boolean;
    }>();
    expectTypeOf(send('chats:get', { chatId: 'c', fields: 'users,history' })).resolves.toEqualTypeOf<{ chat: ChatDetails }>();
    expectTypeOf(send('users:activity', { chatId: 'c', userId: 'u', type: 'writing' })).resolves.toEqualTypeOf<
      Record<string, never>
    >();
    expectTypeOf(send('agents:status', { status: 'away' })).resolves.toEqualTypeOf<{ user: User }>();
  });

  it('accepts user:focus with or without a chatId', () => {
    expectTypeOf(send('user:focus', {})).resolves.toEqualTypeOf<Record<string, never>>();
    expectTypeOf(send('user:focus', { chatId: 'c' })).resolves.toEqualTypeOf<Record<string, never>>();
  });

  it('accepts chats:transfer to a room or to an agent', () => {
    expectTypeOf(send('chats:transfer', { chatId: 'c', room: 'billing' })).resolves.toEqualTypeOf<{ chat: Chat }>();
    expectTypeOf(send('chats:transfer', { chatId: 'c', agentId: 'a' })).resolves.toEqualTypeOf<{ chat: Chat }>();
  });

  it('refuses a missing field', () => {
    // @ts-expect-error creator is required
    void send('chats:create', { room: 'a', source: 'web' });
    // @ts-expect-error clientId is required: it makes the send idempotent
    void send('messages:send', { chatId: 'c', type: 'text', message: 'hi' });
  });

  it('refuses a wrong type', () => {
    // @ts-expect-error 'typing' is not an activity type
    void send('users:activity', { chatId: 'c', userId: 'u', type: 'typing' });
    // @ts-expect-error clients send text only
    void send('messages:send', { chatId: 'c', clientId: 'k', type: 'html', message: '<b>hi</b>' });
    // @ts-expect-error chatId is a string
    void send('chats:join', { chatId: 1, userId: 'u' });
    // @ts-expect-error fields is a comma-separated string on the wire
    void send('chats:get', { chatId: 'c', fields: ['users'] });
    // @ts-expect-error history entries have a closed set of types
    void send('history:import', { chatId: 'c', history: [{ created: 1, type: 'image', message: 'x', sender: 'u' }] });
  });

  it('refuses an unknown event', () => {
    // @ts-expect-error there is no chats:delete
    void send('chats:delete', { chatId: 'c' });
    // @ts-expect-error a server event is not a client event
    void send('message:received', { chatId: 'c' });
  });

  it('refuses an extra key', () => {
    // @ts-expect-error messages:send has no html key
    void send('messages:send', { chatId: 'c', clientId: 'k', type: 'text', message: 'hi', html: true });
  });

  it('ties the payload to the event it is sent with', () => {
    // @ts-expect-error a chats:close payload sent as chats:create
    void send('chats:create', { chatId: 'c', userId: 'u' });
  });
});

describe('ClientPayload (what a client sends) vs ClientCommand (what the engine gets)', () => {
  it('takes a numeric source but hands the engine a string', () => {
    expectTypeOf<ClientPayload<'chats:create'>['source']>().toEqualTypeOf<string | number>();
    expectTypeOf<ClientCommand<'chats:create'>['source']>().toEqualTypeOf<string>();
  });

  it('takes fields as text but hands the engine a list of ChatField', () => {
    expectTypeOf<ClientPayload<'chats:get'>['fields']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ClientCommand<'chats:get'>['fields']>().toEqualTypeOf<ChatField[] | undefined>();
  });

  it('keeps untransformed payloads identical on both sides', () => {
    expectTypeOf<Extract<ClientCommand<'messages:send'>, { type: 'text' }>>().toEqualTypeOf<Extract<ClientPayload<'messages:send'>, { type: 'text' }>>();
    expectTypeOf<Extract<ClientCommand<'messages:send'>, { type: 'text' }>>().toEqualTypeOf<{
      chatId: string;
      clientId: string;
      type: 'text';
      message: string;
    }>();
  });

  it('sends a file by the id of its upload; the caption is optional and the engine always gets one', () => {
    expectTypeOf<Extract<ClientPayload<'messages:send'>, { type: 'file' }>>().toEqualTypeOf<{
      chatId: string;
      clientId: string;
      type: 'file';
      fileId: string;
      message?: string | undefined;
    }>();
    expectTypeOf<Extract<ClientCommand<'messages:send'>, { type: 'file' }>['message']>().toEqualTypeOf<string>();
  });

  it('parseClientPayload returns the command of a literal event', () => {
    expectTypeOf<ReturnType<typeof parseClientPayload<'chats:create'>>>().toEqualTypeOf<ClientCommand<'chats:create'>>();
  });
});

describe('socket.io event maps', () => {
  it('ClientToServerEvents takes the payload and an ack carrying AckEnvelope<ClientResult<E>>', () => {
    type Send = ClientToServerEvents['messages:send'];
    expectTypeOf<Parameters<Send>[0]>().toEqualTypeOf<ClientPayload<'messages:send'>>();
    expectTypeOf<Parameters<Send>[1]>().toEqualTypeOf<(response: AckEnvelope<{ message: Message }>) => void>();
    expectTypeOf<Parameters<ClientToServerEvents['chats:create']>[1]>().parameter(0).toEqualTypeOf<
      AckEnvelope<ClientResult<'chats:create'>>
    >();
  });

  it('AckEnvelope narrows on ok', () => {
    const ack = {} as AckEnvelope<ClientResult<'history:import'>>;
    if (ack.ok) expectTypeOf(ack.data).toEqualTypeOf<{ imported: number }>();
    else expectTypeOf(ack.error).toEqualTypeOf<ErrorPayload>();
  });

  it('ServerToClientEvents passes each event its payload', () => {
    expectTypeOf<ServerToClientEvents['message:received']>().toEqualTypeOf<(payload: { message: Message }) => void>();
    expectTypeOf<ServerToClientEvents['queues:update']>().parameter(0).toEqualTypeOf<{ chatId: string; queuePosition: number }>();

    const onReceived: ServerToClientEvents['message:received'] = () => undefined;
    // @ts-expect-error message:received carries { message }, not a bare Message
    onReceived({ id: 'm', chatId: 'c', seq: 1, sender: 'u', type: 'text', message: 'hi', createdAt: '' });
  });

  it('ServerEvent discriminates payload by event', () => {
    const pushed = {} as ServerEvent;
    if (pushed.event === 'forever:alone') expectTypeOf(pushed.payload).toEqualTypeOf<{ chatId: string }>();
    if (pushed.event === 'invitation:new') expectTypeOf(pushed.payload).toEqualTypeOf<{ chat: Chat; expiresAt: string }>();
    expectTypeOf<Extract<ServerEvent, { event: 'agent:status' }>['payload']>().toEqualTypeOf<ServerPayload<'agent:status'>>();

    // @ts-expect-error forever:alone carries a chatId, not a message
    const mismatched: ServerEvent = { event: 'forever:alone', payload: { message: {} as Message } };
    void mismatched;
  });
});

describe('event name lists', () => {
  it('list exactly the names of the maps', () => {
    expectTypeOf<(typeof clientEventNames)[number]>().toEqualTypeOf<ClientEventName>();
    expectTypeOf<(typeof serverEventNames)[number]>().toEqualTypeOf<ServerEventName>();
  });
});

describe('ParleyError', () => {
  it('accepts only known codes', () => {
    type Constructor = typeof ParleyError;
    expectTypeOf<ConstructorParameters<Constructor>[0]>().toEqualTypeOf<
      | 'invalid_payload'
      | 'unauthorized'
      | 'forbidden'
      | 'not_found'
      | 'conflict'
      | 'closed'
      | 'rate_limited'
      | 'payload_too_large'
      | 'no_agents'
      | 'internal'
      | 'unavailable'
      | 'timeout'
      | 'disconnected'
    >();
    expectTypeOf<ErrorPayload['code']>().not.toEqualTypeOf<ConstructorParameters<Constructor>[0]>();
    // @ts-expect-error a client-only code never travels in an ack
    const wire: ErrorPayload = { code: 'timeout', message: 'late' };
    void wire;
  });
});

describe('Chat.origin', () => {
  it('is optional (old servers and live chats leave it out) and names how the chat began', () => {
    expectTypeOf<Chat['origin']>().toEqualTypeOf<ChatOrigin | undefined>();
    expectTypeOf<ChatOrigin>().toEqualTypeOf<'offline-message'>();
    const live: Chat = { id: 'c', room: 'r', source: 'web', lang: 'en', creator: 'u', status: 'waiting', users: ['u'], createdAt: '', lastSeq: 0 };
    expectTypeOf(live).toMatchTypeOf<Chat>();
  });
});
