import type { ParleyClient } from '@parley/core';
import type { Message } from '@parley/protocol';

/** How the scripted agent behaves. Delays are in milliseconds and run on real timers. */
export interface AgentScript {
  /** Whether invitations are accepted (default true); false lets every offer run out. */
  acceptInvitations?: boolean;
  /** Before an invitation is accepted (default 0): meanwhile the visitor sees "An agent is joining…". */
  acceptAfterMs?: number;
  /** Sent as soon as the agent has joined a chat. */
  greeting?: string;
  /** Before a visitor's message is marked read (default 200). */
  readAfterMs?: number;
  /** After reading, before typing starts (default 400). */
  thinkMs?: number;
  /** How long the agent "types" before the answer arrives (default 900). */
  typingMs?: number;
  /** Ends a chat after this many answers in it (default: never). */
  closeAfterAnswers?: number;
}

/** What the scripted agent answers to a visitor's message. */
export const scriptedReply = (text: string) => `You said: "${text}"`;

const quiet = () => undefined;

/**
 * Plays an agent on a connected client: accepts invitations, greets, reads each visitor message,
 * types, answers, and may end the chat. Returns the stop function, which cancels pending steps.
 */
export function startScriptedAgent(agent: ParleyClient, script: AgentScript = {}): () => void {
  const { acceptInvitations = true, acceptAfterMs = 0, greeting, readAfterMs = 200, thinkMs = 400, typingMs = 900, closeAfterAnswers } = script;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const answers = new Map<string, number>();
  let stopped = false;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run();
    }, ms);
    timers.add(timer);
  };

  function answer(message: Message): void {
    const chat = agent.chats.get(message.chatId);
    chat.setActivity('writing').catch(quiet);
    later(typingMs, () => {
      chat
        .sendMessage(scriptedReply(message.message))
        .then(() => {
          const count = (answers.get(chat.id) ?? 0) + 1;
          answers.set(chat.id, count);
          if (!stopped && closeAfterAnswers !== undefined && count >= closeAfterAnswers) return chat.close();
        })
        .catch(quiet);
    });
  }

  const unsubscribes = [
    agent.subscribe('invitation:new', ({ chat }) => {
      if (!acceptInvitations) return;
      later(acceptAfterMs, () => {
        agent.agent
          .accept(chat.id)
          .then((accepted) => {
            if (!stopped && greeting !== undefined) return accepted.sendMessage(greeting);
          })
          .catch(quiet);
      });
    }),
    agent.subscribe('message:received', ({ message }) => {
      // Only what visitors write now: not the agent's own messages, nor history imported into the chat.
      if (message.sender === agent.me?.id || message.imported || message.type === 'system') return;
      later(readAfterMs, () => {
        agent.chats.get(message.chatId).markRead(message).catch(quiet);
        later(thinkMs, () => answer(message));
      });
    }),
  ];

  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
