import type { CannedResponse } from '@parley/protocol';
import { Composer } from '@parley/ui';
import type { ComposerProps } from '@parley/ui';
import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { CannedPicker } from './CannedPicker';
import type { CannedValues } from './cannedText';
import { fillPlaceholders, matchCanned, slashQuery } from './cannedText';

export interface AgentComposerProps extends Pick<ComposerProps, 'onSend' | 'onTyping' | 'closed' | 'onAttach' | 'value' | 'onValueChange'> {
  /** The canned responses the agent may insert (its own and its rooms'). */
  canned: readonly CannedResponse[];
  /** What `{{visitor.name}}`, `{{agent.name}}` and `{{room}}` become. */
  values: CannedValues;
  /** Stores an internal note (the "Internal note" switch on); the visitor never receives it. */
  onNote(text: string): Promise<unknown>;
  /**
   * Called as the draft becomes a `/` query (the canned responses' list opens), so `canned` can be
   * loaded again: a colleague may have added a response since it was last loaded.
   */
  onCannedQueryStart?: () => void;
}

/**
 * The agent's composer: the chat's `Composer`, plus canned responses typed with `/` (fuzzy matched,
 * picked with the arrow keys and Enter or Tab, closed with Escape) and an "Internal note" switch that
 * sends the text as a note for the chat's agents instead of a message.
 */
export function AgentComposer({ onSend, onTyping, closed, onAttach, value, onValueChange, canned, values, onNote, onCannedQueryStart }: AgentComposerProps) {
  // The chat window passes the chat's draft (kept by the client across chats and reloads); alone, the
  // composer holds its own.
  const [ownDraft, setOwnDraft] = useState('');
  const draft = value ?? ownDraft;
  const setDraft = (text: string) => {
    if (value === undefined) setOwnDraft(text);
    onValueChange?.(text);
  };
  const [note, setNote] = useState(false);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const query = slashQuery(draft);
  const matches = query === undefined || query === dismissed ? [] : matchCanned(query, canned);
  const open = matches.length > 0;
  const highlighted = Math.min(active, matches.length - 1);

  const pick = (response: CannedResponse) => {
    setDraft(fillPlaceholders(response.text, values));
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((highlighted + step + matches.length) % matches.length);
    } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      event.preventDefault();
      pick(matches[highlighted]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDismissed(query);
    }
  };

  const send = (text: string) => {
    setError(undefined);
    if (!note) return onSend(text);
    onNote(text).catch((cause: unknown) => {
      setDraft(text);
      setError(cause instanceof Error ? `The note was not saved: ${cause.message}` : 'The note was not saved.');
    });
  };

  return (
    <div className="console-agent-composer" data-mode={note ? 'note' : 'message'}>
      {open && <CannedPicker id={listId} responses={matches} active={highlighted} optionId={optionId} onPick={pick} />}
      <label className="console-note-switch">
        <input type="checkbox" checked={note} onChange={(event) => setNote(event.target.checked)} />
        Internal note <span className="console-muted">(only agents see it)</span>
      </label>
      <Composer
        value={draft}
        onValueChange={(text) => {
          if (query === undefined && slashQuery(text) !== undefined) onCannedQueryStart?.();
          setDraft(text);
          setActive(0);
        }}
        onSend={send}
        onTyping={(text) => {
          // A note being written is no "writing…" for the visitor.
          if (!note) onTyping?.(text);
        }}
        closed={closed && !note}
        onAttach={note ? undefined : onAttach}
        placeholder={note ? 'Write an internal note…' : closed ? undefined : 'Write a reply, or / for canned responses'}
        // A textbox with a popup list (not role=combobox: a textarea may not take that role, and it
        // stays the "Message" field for assistive technology); the list's option is announced.
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(highlighted) : undefined}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
