import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { WidgetStrings } from '../widgetStrings';

export interface StartChatProps {
  strings: WidgetStrings;
  /** Asks for a name only when the host page did not pass one. */
  askName: boolean;
  onStart: (name: string | undefined) => Promise<void>;
}

/** The first screen while agents are online: an optional name and "Start chat". */
export function StartChat({ strings, askName, onStart }: StartChatProps) {
  const id = useId();
  const [name, setName] = useState('');
  const [state, setState] = useState<'idle' | 'starting' | 'failed'>('idle');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state === 'starting') return;
    setState('starting');
    try {
      await onStart(name.trim() || undefined);
    } catch {
      setState('failed');
    }
  };

  return (
    <form className="parley-start" onSubmit={submit} aria-labelledby={`${id}-title`} data-state={state}>
      <h3 id={`${id}-title`} className="parley-start-title">
        {strings.startTitle}
      </h3>
      <p className="parley-start-intro">{strings.startIntro}</p>
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
      <button type="submit" className="parley-button" disabled={state === 'starting'}>
        {state === 'starting' ? strings.starting : strings.startButton}
      </button>
    </form>
  );
}
