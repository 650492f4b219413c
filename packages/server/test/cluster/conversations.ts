import type { Message, User } from '@parley/protocol';
import { logIn, signUp } from '../harness';
import { connectResilient } from './resilientClient';
import type { ResilientClient } from './resilientClient';

export interface Conversation {
  chatId: string;
  visitor: ResilientClient;
  agent: ResilientClient;
  visitorUser: User;
  /** Messages the visitor sent and had acknowledged, in order. */
  acked: Message[];
  /** clientIds the visitor sent (acknowledged or not). */
  sent: string[];
}

/** A visitor on `visitorUrl` in an active chat with agent `username` on `agentUrl` (who took it from the queue). */
export async function openConversation(visitorUrl: string, agentUrl: string, username: string, room: string): Promise<Conversation> {
  const { user, session } = await signUp({ url: visitorUrl }, { name: `Visitor of ${username}` });
  const visitor = await connectResilient(visitorUrl, session.token);
  const login = await logIn({ url: agentUrl }, username, 'secret-pass');
  const agent = await connectResilient(agentUrl, login.session.token);
  const { chat } = await visitor.send('chats:create', { room, source: 'web', creator: user.id });
  await agent.send('chats:join', { chatId: chat.id, userId: username });
  visitor.watch(chat.id);
  agent.watch(chat.id);
  return { chatId: chat.id, visitor, agent, visitorUser: user, acked: [], sent: [] };
}

export interface Load {
  /** Resolves when every visitor has sent `limit` messages, each acknowledged. */
  done: Promise<void>;
  /** Stops sending new messages and waits for those under way (they keep retrying until answered). */
  stop(): Promise<void>;
}

/**
 * Every visitor sends messages one after another (each retried until acknowledged, with its clientId),
 * pausing `pauseMs` between them, until stopped or `limit` messages each.
 */
export function startLoad(conversations: readonly Conversation[], options: { pauseMs: number; limit?: number; prefix: string }): Load {
  let stopping = false;
  const loops = conversations.map(async (conversation, index) => {
    for (let i = 0; !stopping && i < (options.limit ?? Infinity); i++) {
      const clientId = `${options.prefix}-${index}-${i}`;
      conversation.sent.push(clientId);
      const { message } = await conversation.visitor.send('messages:send', { chatId: conversation.chatId, clientId, type: 'text', message: `m${i}` });
      conversation.acked.push(message);
      if (options.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  });
  const done = Promise.all(loops).then(() => undefined);
  return {
    done,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

export function closeAll(conversations: readonly Conversation[]): void {
  for (const conversation of conversations) {
    conversation.visitor.close();
    conversation.agent.close();
  }
}
