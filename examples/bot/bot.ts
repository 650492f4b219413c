import { createClient, loginAgent } from '@parley/core';
import type { ParleyClient } from '@parley/core';
import type { HistoryEntry, Message } from '@parley/protocol';

/** How the bot reaches Parley: an agent account of the rooms it answers first. */
export interface BotOptions {
  url: string;
  username: string;
  password: string;
  /** Answers a visitor's message; the default knows opening hours and prices. */
  answer?: (text: string) => string;
  /** Whether the visitor asks for a person; the default looks for "human", "person", "agent" or "someone". */
  wantsPerson?: (text: string) => boolean;
  log?: (line: string) => void;
}

export interface Bot {
  client: ParleyClient;
  /** Chats the bot passed to humans: never taken again by this bot. */
  handedOver: ReadonlySet<string>;
  stop(): void;
}

export function defaultAnswer(text: string): string {
  if (/\b(hours?|open)\b/i.test(text)) return 'We are open Monday to Friday, 9:00 to 17:00 (CET).';
  if (/\b(price|cost|plan)s?\b/i.test(text)) return 'Plans start at 10 euros a month; every plan has a free trial.';
  return "I'm the Parley example bot. Ask me about our opening hours or prices, or write \"human\" to talk to a person.";
}

export function defaultWantsPerson(text: string): boolean {
  return /\b(human|person|people|agent|someone|somebody)\b/i.test(text);
}

/**
 * A bot in front of the humans, on `@parley/core`: it signs in as an agent, takes every new chat of
 * its rooms first, and answers. Its answers go into the chat with `history:import` as `assistant`, so
 * the conversation a human inherits says who said what (the visitor, the assistant), labelled as
 * imported wherever it shows. When the visitor asks for a person it says so, and calls `chats:assign`
 * on its own chat: the hand-over (the bot leaves; the room's other agents are offered the chat,
 * with the conversation in its history).
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const log = options.log ?? (() => undefined);
  const answer = options.answer ?? defaultAnswer;
  const wantsPerson = options.wantsPerson ?? defaultWantsPerson;
  const { user: me, session } = await loginAgent(options.url, { username: options.username, password: options.password });
  const client = createClient({ url: options.url, token: session.token });
  const handedOver = new Set<string>();
  const taking = new Set<string>();

  const say = (chatId: string, text: string) => {
    const entry: HistoryEntry = { created: Math.floor(Date.now() / 1000), type: 'text', sender: 'assistant', message: text };
    return client.chats.get(chatId).importHistory([entry]);
  };

  // Takes the chat before any human does: joining a waiting chat assigns it (and withdraws an offer).
  const take = (chatId: string) => {
    if (taking.has(chatId) || handedOver.has(chatId)) return;
    taking.add(chatId);
    client.chats
      .get(chatId)
      .join()
      .then(
        () => {
          log(`took chat ${chatId}`);
          return say(chatId, "Hi! I'm the assistant. How can I help? (Write \"human\" any time to talk to a person.)");
        },
        (error: unknown) => log(`could not take chat ${chatId}: ${String(error)}`),
      )
      .catch((error: unknown) => log(`greeting failed in ${chatId}: ${String(error)}`));
  };

  const unsubscribe = [
    client.subscribe('chat:updated', ({ chat }) => {
      if (chat.status !== 'closed' && chat.assignee === undefined) take(chat.id);
    }),
    client.subscribe('invitation:new', ({ chat }) => {
      if (handedOver.has(chat.id)) return;
      client.agent.accept(chat.id).catch((error: unknown) => log(`accept failed: ${String(error)}`));
    }),
    client.subscribe('message:received', ({ message }) => void reply(message)),
  ];

  async function reply(message: Message): Promise<void> {
    if (message.sender === me.id || message.sender === 'assistant' || message.sender === 'system' || message.imported || message.type !== 'text') return;
    if (handedOver.has(message.chatId)) return;
    try {
      if (wantsPerson(message.message)) {
        handedOver.add(message.chatId);
        await say(message.chatId, "I'm passing you to a person now; they'll see our conversation.");
        await client.chats.get(message.chatId).assign();
        log(`handed chat ${message.chatId} over`);
        return;
      }
      await say(message.chatId, answer(message.message));
    } catch (error) {
      log(`reply failed in ${message.chatId}: ${String(error)}`);
    }
  }

  await client.agent.setStatus('online');
  log(`${me.name} is online at ${options.url}`);
  return {
    client,
    handedOver,
    stop() {
      for (const off of unsubscribe) off();
      client.destroy();
    },
  };
}
