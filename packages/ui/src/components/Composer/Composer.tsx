import { useId, useRef, useState } from 'react';
import type { ChangeEvent, FormEvent, KeyboardEvent, TextareaHTMLAttributes } from 'react';
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
  onValueChange?: (text: string) => void;
  /** The chat is closed: no input, a different placeholder. */
  closed?: boolean;
  strings?: StringsOverride;
}

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
  maxLength,
  ...rest
}: ComposerProps) {
  const strings = useStrings(override);
  const [draft, setDraft] = useState('');
  const text = controlled ?? draft;
  const inactive = closed || disabled;
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const generatedId = useId();
  const fieldId = id ?? generatedId;

  const setText = (next: string) => {
    if (controlled === undefined) setDraft(next);
    onValueChange?.(next);
  };

  const send = () => {
    const trimmed = text.trim();
    if (inactive || trimmed === '') return;
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

  return (
    <form className={cx('parley-composer', className)} data-state={closed ? 'closed' : 'open'} onSubmit={handleSubmit}>
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
        maxLength={maxLength}
        disabled={inactive}
        placeholder={placeholder ?? (closed ? strings.composerClosedPlaceholder : strings.composerPlaceholder)}
        onChange={handleChange}
        onKeyDown={(event) => {
          // Composed by hand, not with composeHandlers: the compiler lint cannot see that `send`
          // only touches the ref inside the event.
          onKeyDown?.(event);
          if (!event.defaultPrevented) handleKeyDown(event);
        }}
      />
      <button type="submit" className="parley-send" disabled={inactive || text.trim() === ''}>
        {strings.send}
      </button>
    </form>
  );
}
