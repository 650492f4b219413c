import type { DeskInvitation } from '@parley/react';
import { useChatDetails, useParleyStore } from '@parley/react';
import { useRef, useState } from 'react';
import { ChatOriginBadge } from './ChatOriginBadge';
import { describeError } from './describeError';
import { visitorName } from './useVisitor';

export interface InvitationListProps {
  invitations: readonly DeskInvitation[];
  accept(chatId: string): Promise<void>;
  reject(chatId: string): Promise<void>;
  /** The agent took the chat: the desk opens it. */
  onAccepted(chatId: string): void;
}

/** Chats offered to the agent, each with its countdown and Accept / Reject. */
export function InvitationList({ invitations, accept, reject, onAccepted }: InvitationListProps) {
  const region = useRef<HTMLElement>(null);
  // A rejected invitation takes its buttons with it: focus stays in the list (the next invitation, or
  // "No invitations"), not on the page's body, where a keyboard user would start over from the top.
  const rejectHere = async (chatId: string) => {
    await reject(chatId);
    region.current?.focus();
  };
  return (
    // Named without the count, so the region keeps one name as invitations come and go.
    <section className="console-invitations" aria-label="Invitations" ref={region} tabIndex={-1}>
      <h2>
        Invitations <span className="console-count">{invitations.length}</span>
      </h2>
      {invitations.length === 0 ? (
        <p className="console-muted">No invitations right now.</p>
      ) : (
        <ul className="console-list">
          {invitations.map((invitation) => (
            <InvitationItem key={invitation.chat.id} invitation={invitation} accept={accept} reject={rejectHere} onAccepted={onAccepted} />
          ))}
        </ul>
      )}
    </section>
  );
}

const detailFields = ['users', 'history'] as const;

function InvitationItem({
  invitation,
  accept,
  reject,
  onAccepted,
}: Omit<InvitationListProps, 'invitations'> & { invitation: DeskInvitation }) {
  const { chat, secondsLeft } = invitation;
  // An invited agent may read the chat before answering: who it is and what they wrote so far.
  const { details } = useChatDetails(chat.id, detailFields);
  const name = visitorName(useParleyStore((state) => state.users[chat.creator]));
  // A colleague handing the chat over: who, so the agent knows it is mid-conversation.
  const from = useParleyStore((state) => (chat.transfer ? state.users[chat.transfer.from] : undefined));
  const lastWords = details?.history?.filter((message) => message.sender === chat.creator).at(-1)?.message;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const answer = async (take: boolean) => {
    setPending(true);
    setError(undefined);
    try {
      await (take ? accept(chat.id) : reject(chat.id));
      if (take) onAccepted(chat.id);
    } catch (cause) {
      setError(describeError(cause, { conflict: 'This invitation is no longer open.', not_found: 'This invitation is no longer open.' }));
      setPending(false);
    }
  };

  return (
    <li className="console-invitation" aria-label={`Invitation from ${name}`} data-urgent={secondsLeft <= 10 || undefined}>
      <p className="console-invitation-who">
        <strong>{name}</strong> <span className="console-muted">in {chat.room}</span>
      </p>
      {chat.origin && (
        <p>
          <ChatOriginBadge origin={chat.origin} long />
        </p>
      )}
      {chat.transfer && <p className="console-muted">Transferred by {from ? (from.nickname ?? from.name) : 'a colleague'}</p>}
      {lastWords && <p className="console-preview">“{lastWords}”</p>}
      {/* A timer is not announced on every tick (its live region is off), only when read. */}
      <p className="console-countdown" role="timer">
        {secondsLeft} s left to answer
      </p>
      <div className="console-actions">
        <button type="button" className="parley-button" disabled={pending} onClick={() => void answer(true)}>
          Accept
        </button>
        <button type="button" className="parley-button" data-variant="secondary" disabled={pending} onClick={() => void answer(false)}>
          Reject
        </button>
      </div>
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
