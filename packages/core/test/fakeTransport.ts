import type { AckEnvelope, ClientEventName, ClientPayload, ClientResult, Message, ServerEvent, User } from '@parley/protocol';
import type { ConnectionState, Transport, TransportListeners } from '../src/index';

type Answer = (payload: unknown) => AckEnvelope<unknown> | Promise<AckEnvelope<unknown>>;

/**
 * A scripted transport for unit tests: records what the client sends, answers `messages:list` and
 * `messages:send` from an in-memory history, and pushes whatever server events a test injects.
 */
export interface FakeTransport extends Transport {
  readonly user: User;
  sent: { event: ClientEventName; payload: unknown }[];
  history: Map<string, Message[]>;
  answers: Partial<Record<ClientEventName, Answer>>;
  push(event: ServerEvent): void;
  /** Stores a message in the history (as the server would), without pushing it. */
  store(chatId: string, text: string, sender: string, clientId?: string): Message;
  setState(state: ConnectionState): void;
}

export function createFakeTransport(user: User): FakeTransport {
  let listeners: TransportListeners | undefined;
  let state: ConnectionState = { status: 'idle' };
  const history = new Map<string, Message[]>();

  function store(chatId: string, text: string, sender: string, clientId?: string): Message {
    const list = history.get(chatId) ?? [];
    history.set(chatId, list);
    const existing = clientId === undefined ? undefined : list.find((message) => message.clientId === clientId);
    if (existing) return existing;
    const message: Message = {
      id: `${chatId}-${list.length + 1}`,
      chatId,
      seq: list.length + 1,
      sender,
      type: 'text',
      message: text,
      createdAt: new Date(0).toISOString(),
      ...(clientId === undefined ? {} : { clientId }),
    };
    list.push(message);
    return message;
  }

  const fake: FakeTransport = {
    user,
    sent: [],
    history,
    answers: {},
    get state() {
      return state;
    },
    async emit<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<AckEnvelope<ClientResult<E>>> {
      fake.sent.push({ event, payload });
      const answer = fake.answers[event];
      if (answer) return (await answer(payload)) as AckEnvelope<ClientResult<E>>;
      if (event === 'messages:list') {
        // As the server pages (PROTOCOL.md §4): forward from `afterSeq`, else the last page before `beforeSeq` or the end.
        const { chatId, afterSeq, beforeSeq = Infinity, limit = 50 } = payload as ClientPayload<'messages:list'>;
        const range = (history.get(chatId) ?? []).filter((message) => message.seq > (afterSeq ?? 0) && message.seq < beforeSeq);
        const page = afterSeq === undefined ? range.slice(Math.max(0, range.length - limit)) : range.slice(0, limit);
        return { ok: true, data: { messages: page, hasMore: range.length > limit } } as AckEnvelope<ClientResult<E>>;
      }
      if (event === 'messages:send') {
        const { chatId, clientId, message } = payload as ClientPayload<'messages:send'>;
        return { ok: true, data: { message: store(chatId, message ?? '', user.id, clientId) } } as AckEnvelope<ClientResult<E>>;
      }
      return { ok: true, data: {} } as AckEnvelope<ClientResult<E>>;
    },
    listen(next) {
      listeners = next;
      return () => {
        listeners = undefined;
      };
    },
    connect() {
      fake.setState({ status: 'connected' });
    },
    disconnect() {
      fake.setState({ status: 'disconnected' });
    },
    push(event) {
      listeners?.event(event);
    },
    store,
    setState(next) {
      state = next;
      listeners?.state(next);
    },
  };
  return fake;
}
