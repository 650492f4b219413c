import type { CannedResponse } from '@parley/protocol';

export interface CannedPickerProps {
  /** The listbox's id, which the composer's field names in `aria-controls`. */
  id: string;
  /** The matching canned responses, best first. */
  responses: readonly CannedResponse[];
  /** The highlighted option's index (moved with the arrow keys in the field). */
  active: number;
  /** The option's id for `aria-activedescendant`, from the listbox id and an index. */
  optionId(index: number): string;
  /** Inserts a response (a click; Enter and Tab in the field do the same for the highlighted one). */
  onPick(response: CannedResponse): void;
}

/**
 * The popup of canned responses that typing `/` in the composer opens: an accessible listbox whose
 * focus stays in the field (`aria-activedescendant`), so typing goes on narrowing it down.
 */
export function CannedPicker({ id, responses, active, optionId, onPick }: CannedPickerProps) {
  return (
    <ul id={id} role="listbox" aria-label="Canned responses" className="console-canned">
      {responses.map((response, index) => (
        <li
          key={response.id}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          className="console-canned-option"
          // The field keeps focus: a mousedown would move it to the list first.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(response)}
        >
          <span className="console-canned-shortcut">/{response.shortcut}</span>
          {/* Read out as "/bye: Thanks for …", not "/byeThanks for …". */}
          <span className="parley-visually-hidden">: </span>
          <span className="console-canned-text">{response.text}</span>
          {response.room !== undefined && <span className="console-muted"> · {response.room}</span>}
        </li>
      ))}
    </ul>
  );
}
