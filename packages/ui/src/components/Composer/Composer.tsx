import { limits } from '@parley/protocol';
import { useId, useRef, useState } from 'react';
import type { ChangeEvent, DragEvent, FormEvent, KeyboardEvent, TextareaHTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

export interface ComposerProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'defaultValue' | 'onChange' | 'onSubmit'> {
  /** Called with the trimmed text; the field clears itself afterwards. */
  onSend: (text: string) => void;
  /**
   * Every edit, for typing indicators (the caller throttles and decides writing / stop-writing);
   * also called with `''` after a send, since the draft is gone.
   */
  onTyping?: (text: string) => void;
  /** Controlled text; leave unset to let the composer hold its own draft. */
  value?: string;
  /** Called with the text on every change (with `value`, to control the field). */
  onValueChange?: (text: string) => void;
  /** The chat is closed: no input, a different placeholder. */
  closed?: boolean;
  /**
   * The longest message the server takes (default: the protocol's `limits.messageLength`). Near it a
   * counter shows what is left; past it the text stays (nothing is cut off) but cannot be sent.
   */
  maxLength?: number;
  /**
   * Files to send: shows an attach button, and takes files dropped on the composer or pasted into
   * the field (a screenshot from the clipboard). Without it the composer is text only.
   */
  onAttach?: (files: File[]) => void;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

/** The counter shows once this share of the limit is used. */
const counterFrom = 0.9;

/** A multi-line message field: Enter sends, Shift+Enter starts a new line. */
export function Composer({
  onSend,
  onTyping,
  value: controlled,
  onValueChange,
  closed = false,
  disabled = false,
  strings: override,
  className,
  onKeyDown,
  placeholder,
  id,
  maxLength = limits.messageLength,
  onAttach,
  ...rest
}: ComposerProps) {
  const [dragging, setDragging] = useState(false);
  const pickerRef = useRef<HTMLInputElement>(null);
  const strings = useStrings(override);
  const [draft, setDraft] = useState('');
  const text = controlled ?? draft;
  const inactive = closed || disabled;
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const generatedId = useId();
  const fieldId = id ?? generatedId;
  const counterId = useId();
  const left = maxLength - text.trim().length;
  const tooLong = left < 0;
  const showCounter = text.trim().length >= maxLength * counterFrom;

  const setText = (next: string) => {
    if (controlled === undefined) setDraft(next);
    onValueChange?.(next);
  };

  const send = () => {
    const trimmed = text.trim();
    // Over the limit the server would refuse it: the draft stays, for the writer to shorten.
    if (inactive || trimmed === '' || trimmed.length > maxLength) return;
    onSend(trimmed);
    setText('');
    onTyping?.('');
    fieldRef.current?.focus();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An IME composing a word uses Enter to confirm it, not to send.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const handleChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    setText(event.target.value);
    onTyping?.(event.target.value);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send();
  };

  const attach = (files: FileList | null | undefined) => {
    const list = files ? Array.from(files) : [];
    if (inactive || !onAttach || list.length === 0) return false;
    onAttach(list);
    return true;
  };
  const carriesFiles = (event: DragEvent<HTMLFormElement>) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
  const dropHandlers = onAttach
    ? {
        onDragOver: (event: DragEvent<HTMLFormElement>) => {
          if (!carriesFiles(event) || inactive) return;
          event.preventDefault();
          setDragging(true);
        },
        onDragLeave: (event: DragEvent<HTMLFormElement>) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (event: DragEvent<HTMLFormElement>) => {
          setDragging(false);
          if (attach(event.dataTransfer?.files)) event.preventDefault();
        },
      }
    : {};

  return (
    <form
      className={cx('parley-composer', className)}
      data-state={closed ? 'closed' : 'open'}
      data-too-long={tooLong ? '' : undefined}
      data-dragging={dragging ? '' : undefined}
      onSubmit={handleSubmit}
      {...dropHandlers}
    >
      {dragging && (
        <span className="parley-composer-drop" aria-hidden="true">
          {strings.dropFiles}
        </span>
      )}
      {onAttach && (
        <>
          <button type="button" className="parley-attach" aria-label={strings.attachFile} title={strings.attachFile} disabled={inactive} onClick={() => pickerRef.current?.click()}>
            <span aria-hidden="true">+</span>
          </button>
          <input
            ref={pickerRef}
            type="file"
            multiple
            hidden
            tabIndex={-1}
            aria-hidden="true"
            onChange={(event) => {
              attach(event.target.files);
              // The same file picked twice in a row must still fire change.
              event.target.value = '';
            }}
          />
        </>
      )}
      <label htmlFor={fieldId} className="parley-visually-hidden">
        {strings.composerLabel}
      </label>
      <textarea
        {...rest}
        ref={fieldRef}
        id={fieldId}
        className="parley-composer-input"
        rows={1}
        value={text}
        disabled={inactive}
        aria-invalid={tooLong || undefined}
        aria-describedby={showCounter ? counterId : undefined}
        placeholder={placeholder ?? (closed ? strings.composerClosedPlaceholder : strings.composerPlaceholder)}
        onChange={handleChange}
        onPaste={(event) => {
          rest.onPaste?.(event);
          // A pasted screenshot arrives as a file; pasted text stays text.
          if (!event.defaultPrevented && attach(event.clipboardData?.files)) event.preventDefault();
        }}
        onKeyDown={(event) => {
          // Composed by hand, not with composeHandlers: the compiler lint cannot see that `send`
          // only touches the ref inside the event.
          onKeyDown?.(event);
          if (!event.defaultPrevented) handleKeyDown(event);
        }}
      />
      {showCounter && (
        <span id={counterId} className="parley-composer-counter" aria-live="polite">
          {strings.charactersLeft(left)}
        </span>
      )}
      <button type="submit" className="parley-send" disabled={inactive || text.trim() === '' || tooLong}>
        {strings.send}
      </button>
    </form>
  );
}
