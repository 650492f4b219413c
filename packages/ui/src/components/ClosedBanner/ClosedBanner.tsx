import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

type TranscriptState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; to: string } | { kind: 'failed' };

export interface ClosedBannerProps extends HTMLAttributes<HTMLDivElement> {
  /** Who ended it: the viewer, the other side, or the server (`closedBy: 'system'`). */
  closedBy?: 'me' | 'agent' | 'system';
  /** Shows a "Start a new chat" button; called when it is pressed. */
  onStartNew?: () => void;
  /**
   * Shows an "Email me the transcript" button; called when it is pressed, resolving with the address
   * the transcript goes to (shown to the visitor) or rejecting when it could not be sent.
   */
  onEmailTranscript?: () => Promise<string>;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

/** Takes the composer's place once a chat has ended: who ended it, its transcript by e-mail, and a way to start a new one. */
export function ClosedBanner({ closedBy = 'system', onStartNew, onEmailTranscript, strings: override, className, ...rest }: ClosedBannerProps) {
  const strings = useStrings(override);
  const [transcript, setTranscript] = useState<TranscriptState>({ kind: 'idle' });
  const text = closedBy === 'me' ? strings.closedByMe : closedBy === 'agent' ? strings.closedByAgent : strings.closedBySystem;
  const emailTranscript = () => {
    if (!onEmailTranscript) return;
    setTranscript({ kind: 'sending' });
    onEmailTranscript().then(
      (to) => setTranscript({ kind: 'sent', to }),
      () => setTranscript({ kind: 'failed' }),
    );
  };
  const transcriptText =
    transcript.kind === 'sending' ? strings.transcriptSending : transcript.kind === 'sent' ? strings.transcriptSent(transcript.to) : transcript.kind === 'failed' ? strings.transcriptFailed : undefined;
  return (
    <div {...rest} className={cx('parley-closed', className)} data-state="closed" data-closed-by={closedBy} role="status">
      <p className="parley-closed-text">{text}</p>
      {transcriptText && (
        <p className="parley-closed-text" data-transcript={transcript.kind}>
          {transcriptText}
        </p>
      )}
      {onEmailTranscript && (transcript.kind === 'idle' || transcript.kind === 'failed') && (
        <button type="button" className="parley-button" onClick={emailTranscript}>
          {strings.emailTranscript}
        </button>
      )}
      {onStartNew && (
        <button type="button" className="parley-button" onClick={onStartNew}>
          {strings.startNewChat}
        </button>
      )}
    </div>
  );
}
