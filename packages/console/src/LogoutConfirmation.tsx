import { useId } from 'react';

export interface LogoutConfirmationProps {
  /** The agent's chats still in progress. */
  openChats: number;
  /** "Log out": leave anyway. */
  onConfirm(): void;
  /** "Stay": keep the desk as it is. */
  onCancel(): void;
}

/**
 * "Log out with 2 open chats?": leaving does not end or hand over the chats, so their visitors would
 * wait for a reply that nobody is there to write. Focus starts on staying.
 */
export function LogoutConfirmation({ openChats, onConfirm, onCancel }: LogoutConfirmationProps) {
  const questionId = useId();
  const detailId = useId();
  const [chats, visitors, them] = openChats === 1 ? ['1 open chat', 'Its visitor keeps', 'it'] : [`${openChats} open chats`, 'Their visitors keep', 'them'];
  return (
    <div className="console-logout-confirm" role="alertdialog" aria-labelledby={questionId} aria-describedby={detailId}>
      <p id={questionId} className="console-logout-question">
        Log out with {chats}?
      </p>
      <p id={detailId} className="console-muted">
        {visitors} waiting for your reply until you are back; close or transfer {them} first to hand {them} on.
      </p>
      <button type="button" className="parley-button" data-variant="secondary" onClick={onCancel} autoFocus>
        Stay
      </button>
      <button type="button" className="parley-button" onClick={onConfirm}>
        Log out
      </button>
    </div>
  );
}
