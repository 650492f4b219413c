import type { Chat as ChatModel, ChatTransfer } from '@parley/protocol';
import { useParley, useParleyStore } from '@parley/react';
import { useEffect, useState } from 'react';
import { describeError } from './describeError';
import { agentLabel, TransferPicker } from './TransferPicker';
import type { TransferChoice, TransferTargets } from './TransferPicker';

export interface TransferPanelProps {
  chat: ChatModel;
  /** A colleague is being asked: the desk remembers whom, to say where the chat went once accepted. */
  onOffered(label: string): void;
}

/**
 * Hands the chat over to a colleague or a room picked from a list. The chat stays this agent's while
 * the colleague is asked (`chat.transfer`); it leaves the desk only when they accept, and when nobody
 * does the panel says so and the chat simply stays.
 */
export function TransferPanel({ chat, onOffered }: TransferPanelProps) {
  const client = useParley('TransferPanel');
  // Presence pushes (`agent:status`) change who can be picked: the list is asked again on each.
  const presence = useParleyStore((state) => state.agents);
  const users = useParleyStore((state) => state.users);
  const [targets, setTargets] = useState<TransferTargets | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [lastTransfer, setLastTransfer] = useState<ChatTransfer | undefined>(chat.transfer);

  const nameOf = (transfer: ChatTransfer): string => {
    if (transfer.agentId === undefined) return `room ${transfer.room}`;
    const agent = targets?.agents.find((candidate) => candidate.user.id === transfer.agentId);
    const user = users[transfer.agentId];
    return agent ? agentLabel(agent) : user ? (user.nickname ?? user.name) : transfer.agentId;
  };

  // The transfer ended while the chat is still here: nobody took it (said during render, as derived state).
  if (chat.transfer !== lastTransfer) {
    setLastTransfer(chat.transfer);
    if (lastTransfer && !chat.transfer) setNotice(`${capitalise(nameOf(lastTransfer))} did not take the chat. It stays with you.`);
    if (chat.transfer) setNotice(undefined);
  }

  const transferring = chat.transfer !== undefined;
  useEffect(() => {
    let current = true;
    client.agent.transferTargets(chat.id).then(
      (found) => current && setTargets(found),
      () => current && setTargets({ rooms: [], agents: [] }),
    );
    return () => {
      current = false;
    };
  }, [client, chat.id, presence, transferring]);

  const transfer = async ({ target, label }: TransferChoice) => {
    setPending(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await client.agent.transfer(chat.id, target);
      onOffered(label);
    } catch (cause) {
      setError(
        describeError(cause, {
          no_agents: target.agentId ? `${label} is not online with a free slot any more.` : `Nobody in ${label} is free to take it.`,
          conflict: 'The chat cannot go there (the visitor has a chat in that room, or a transfer is pending).',
          not_found: target.agentId ? `${label} is no longer an agent.` : 'That chat no longer exists.',
        }),
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <TransferPicker
      chatRoom={chat.room}
      targets={targets}
      pendingTo={chat.transfer ? nameOf(chat.transfer) : undefined}
      busy={pending}
      error={error}
      notice={notice}
      onTransfer={(choice) => void transfer(choice)}
    />
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
