import type { CannedResponse, Note } from '@parley/protocol';
import { useChat, useParley, useParleyStore, useVisitorPresence } from '@parley/react';
import { ParleyChat } from '@parley/ui';
import type { StringsOverride } from '@parley/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AgentComposer } from './AgentComposer';
import { ChatOriginBadge } from './ChatOriginBadge';
import { describeError } from './describeError';
import { useCannedChanges, useRecords } from './records';
import { useVisitor, visitorName } from './useVisitor';
import { VisitorPresenceBadge } from './VisitorPresenceBadge';

export interface ConversationProps {
  chatId: string;
  /** Takes an ended chat off the desk. */
  onDismiss(): void;
  /** Puts the cursor in the composer on opening (after Accept, whose button is gone). */
  autoFocus?: boolean;
}

// ParleyChat speaks to a visitor by default; these are the lines that read differently to an agent.
// `closedByAgent` is said when the other side ended the chat, which for an agent is the visitor.
const agentStrings: StringsOverride = {
  windowLabel: 'Conversation',
  closedByAgent: 'The visitor ended the chat.',
  emptyList: 'No messages yet.',
  // The visitor's "Connected" would speak of the agent's own link; whether the visitor is still there
  // is the presence badge's to say.
  chatStatus: { waiting: 'In the queue', offered: 'Being offered', active: 'In progress', closed: 'Chat ended' },
};

/**
 * The selected chat: messages with the chat's internal notes among them, typing, read receipts and the
 * composer (which writes notes too), with Close in its header.
 */
export function Conversation({ chatId, onDismiss, autoFocus = false }: ConversationProps) {
  const ref = useRef<HTMLDivElement>(null);
  const client = useParley('Conversation');
  const { status, close } = useChat(chatId);
  const visitor = useVisitor(chatId);
  const room = useParleyStore((state) => state.chats[chatId]?.room ?? '');
  const origin = useParleyStore((state) => state.chats[chatId]?.origin);
  const visitorOnline = useVisitorPresence(chatId);
  const notes = useParleyStore((state) => state.notes[chatId] ?? noNotes);
  const { canned, reloadCanned } = useCanned();

  useEffect(() => {
    // Notes written before this desk opened the chat: pushes bring only the new ones.
    client.agent.listNotes(chatId).catch(() => undefined);
  }, [client, chatId]);
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    // ParleyChat owns its composer; the textarea is the one field in it.
    if (autoFocus) ref.current?.querySelector('textarea')?.focus();
  }, [autoFocus]);

  // Closing disables the button (which drops the browser's focus) and then turns it into Dismiss:
  // focus goes to Dismiss, so a keyboard user carries on from where they were.
  const headerButton = useRef<HTMLButtonElement>(null);
  const [closedHere, setClosedHere] = useState(false);
  useEffect(() => {
    if (closedHere && status === 'closed') headerButton.current?.focus();
  }, [closedHere, status]);

  const end = async () => {
    setClosing(true);
    setError(undefined);
    try {
      await close();
      setClosedHere(true);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setClosing(false);
    }
  };

  const closeOrDismiss =
    status === 'closed' ? (
      <button type="button" className="console-header-button" onClick={onDismiss} ref={headerButton}>
        Dismiss
      </button>
    ) : (
      <button type="button" className="console-header-button" onClick={() => void end()} disabled={closing || status === undefined}>
        Close chat
      </button>
    );
  const actions = (
    <>
      {status !== 'closed' && <VisitorPresenceBadge online={visitorOnline} />}
      <ChatOriginBadge origin={origin} long />
      {closeOrDismiss}
    </>
  );

  return (
    <div className="console-conversation" ref={ref}>
      <ParleyChat
        chatId={chatId}
        viewer="agent"
        title={visitorName(visitor)}
        headerActions={actions}
        strings={agentStrings}
        className="console-window"
        notes={notes}
        renderComposer={(composer) => (
          <AgentComposer
            {...composer}
            canned={canned}
            values={{ visitorName: visitorName(visitor), agentName: client.me?.name ?? '', room }}
            onNote={(text) => client.agent.addNote(chatId, text)}
            onCannedQueryStart={reloadCanned}
          />
        )}
      />
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const noNotes: readonly Note[] = [];
const noCanned: readonly CannedResponse[] = [];

/**
 * The agent's canned responses, loaded per conversation, again whenever they change on this desk, and
 * again on `reloadCanned`, as the agent starts a `/` query (colleagues' changes reach no desk by
 * themselves). None without records.
 */
function useCanned(): { canned: readonly CannedResponse[]; reloadCanned: () => void } {
  const records = useRecords();
  const { revision } = useCannedChanges();
  const [canned, setCanned] = useState<readonly CannedResponse[]>(noCanned);
  const [reloads, setReloads] = useState(0);
  const reloadCanned = useCallback(() => setReloads((count) => count + 1), []);
  useEffect(() => {
    if (!records) return;
    let current = true;
    // The list held so far stays on screen until the answer replaces it; a newer request wins.
    records.canned().then(
      (responses) => current && setCanned(responses),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [records, revision, reloads]);
  return { canned, reloadCanned };
}
