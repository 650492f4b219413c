import { useId, useState } from 'react';
import type { FormEvent, HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';
import { Welcome } from '../Welcome/Welcome';

export interface StartChatFormProps extends Omit<HTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** Asks for a name; hosts that already know the visitor leave it off. */
  askName?: boolean;
  /** Called with the trimmed name (undefined when left empty). A rejected promise shows the failure and keeps the input. */
  onStart: (name: string | undefined) => void | Promise<void>;
  /**
   * Show the title as the form's heading (default). A window whose header already says it (the
   * widget) turns it off, so the title is not said twice; the form keeps it as its accessible name.
   */
  heading?: boolean;
  /** The room's welcome message, shown instead of the generic intro. */
  welcome?: string;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

/** The first screen while agents are online: an optional name and "Start chat". */
export function StartChatForm({ askName = true, onStart, heading = true, welcome, strings: override, className, ...rest }: StartChatFormProps) {
  const strings = useStrings(override);
  const id = useId();
  const [name, setName] = useState('');
  const [state, setState] = useState<'idle' | 'starting' | 'failed'>('idle');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state === 'starting') return;
    setState('starting');
    try {
      await onStart(name.trim() || undefined);
      setState('idle');
    } catch {
      setState('failed');
    }
  };

  return (
    <form
      {...rest}
      className={cx('parley-start', className)}
      onSubmit={submit}
      aria-labelledby={heading ? `${id}-title` : undefined}
      aria-label={heading ? undefined : strings.startTitle}
      data-state={state}
    >
      {heading && (
        <h2 id={`${id}-title`} className="parley-start-title">
          {strings.startTitle}
        </h2>
      )}
      {welcome ? <Welcome message={welcome} /> : <p className="parley-start-intro">{strings.startIntro}</p>}
      {askName && (
        <div className="parley-field">
          <label htmlFor={`${id}-name`}>{strings.startName}</label>
          <input id={`${id}-name`} value={name} maxLength={200} autoComplete="name" onChange={(event) => setName(event.target.value)} />
        </div>
      )}
      {state === 'failed' && (
        <p className="parley-form-error" role="alert">
          {strings.startFailed}
        </p>
      )}
      <button type="submit" className="parley-button" disabled={state === 'starting'} aria-busy={state === 'starting'}>
        {state === 'starting' ? strings.starting : strings.startButton}
      </button>
    </form>
  );
}
