import { useId, useState } from 'react';
import type { FormEvent, HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';

export interface RatingFormProps extends Omit<HTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** Sends the rating (`POST /v1/chats/:chatId/rating`); a rejection shows the failure and keeps the form. */
  onRate: (rating: { rating: 1 | 2 | 3 | 4 | 5; comment?: string }) => Promise<unknown>;
  /** Already rated (this page or an earlier one): shows the thanks only. */
  rated?: boolean;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

const choices = [1, 2, 3, 4, 5] as const;

/**
 * After a chat: how was it, 1 to 5 (CSAT), with an optional comment. The five choices are a radio
 * group (arrow keys move between them); the form is sent once and then says thanks.
 */
export function RatingForm({ onRate, rated = false, strings: override, className, ...rest }: RatingFormProps) {
  const strings = useStrings(override);
  const [rating, setRating] = useState<1 | 2 | 3 | 4 | 5 | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'failed'>(rated ? 'sent' : 'idle');
  const questionId = useId();
  const commentId = useId();

  if (state === 'sent') {
    return (
      <p className={cx('parley-rating', className)} data-state="sent" role="status">
        {strings.rateThanks}
      </p>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (rating === undefined || state === 'sending') return;
    setState('sending');
    const trimmed = comment.trim();
    onRate(trimmed ? { rating, comment: trimmed } : { rating }).then(
      () => setState('sent'),
      () => setState('failed'),
    );
  };

  return (
    <form {...rest} className={cx('parley-rating', className)} data-state={state} onSubmit={submit}>
      <div role="radiogroup" aria-labelledby={questionId} className="parley-rating-choices">
        <p id={questionId} className="parley-rating-question">
          {strings.rateQuestion}
        </p>
        {choices.map((choice) => (
          <label key={choice} className="parley-rating-choice" data-checked={rating !== undefined && choice <= rating ? '' : undefined}>
            <input
              type="radio"
              name={questionId}
              value={choice}
              checked={rating === choice}
              onChange={() => setRating(choice)}
              aria-label={strings.rateChoice(choice)}
              className="parley-visually-hidden"
            />
            <span aria-hidden="true">★</span>
          </label>
        ))}
      </div>
      <label htmlFor={commentId} className="parley-rating-comment-label">
        {strings.rateComment}
      </label>
      <textarea id={commentId} className="parley-rating-comment" rows={2} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} />
      {state === 'failed' && (
        <p className="parley-rating-error" role="alert">
          {strings.rateFailed}
        </p>
      )}
      <button type="submit" className="parley-button" disabled={rating === undefined || state === 'sending'}>
        {strings.rateSubmit}
      </button>
    </form>
  );
}
