import { useId, useRef, useState } from 'react';
import type { FormEvent, HTMLAttributes } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';
import { cx } from '../../composeHandlers';
import { validateOfflineForm } from './validateOfflineForm';
import type { OfflineFormErrors, OfflineFormValues } from './validateOfflineForm';

export interface OfflineFormProps extends Omit<HTMLAttributes<HTMLFormElement>, 'onSubmit' | 'defaultValue'> {
  /** Called with trimmed, valid values. A rejected promise shows the failure message and keeps the input. */
  onSubmit: (values: OfflineFormValues) => void | Promise<void>;
  /** What the fields start with (a name and email the host page already knows). */
  defaultValues?: Partial<OfflineFormValues>;
  /** Show the title as the form's heading (default); off where a header already says it. */
  heading?: boolean;
  /** Overrides of the default English strings (`defaultStrings`); the nearest `StringsProvider` or `ChatWindow` otherwise. */
  strings?: StringsOverride;
}

type SubmitState = 'idle' | 'submitting' | 'sent' | 'failed';
const fields = ['name', 'email', 'message'] as const;

/** "Leave a message" for when no agent is available. */
export function OfflineForm({ onSubmit, defaultValues, heading = true, strings: override, className, ...rest }: OfflineFormProps) {
  const strings = useStrings(override);
  const id = useId();
  const [values, setValues] = useState<OfflineFormValues>({
    name: defaultValues?.name ?? '',
    email: defaultValues?.email ?? '',
    message: defaultValues?.message ?? '',
  });
  const [errors, setErrors] = useState<OfflineFormErrors>({});
  const [state, setState] = useState<SubmitState>('idle');
  const refs = useRef<Partial<Record<keyof OfflineFormValues, HTMLInputElement | HTMLTextAreaElement | null>>>({});

  const labels = { name: strings.offlineName, email: strings.offlineEmail, message: strings.offlineMessage };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state === 'submitting') return;
    const found = validateOfflineForm(values, strings);
    setErrors(found);
    const firstInvalid = fields.find((field) => found[field]);
    if (firstInvalid) {
      // Focus moves to the first problem so keyboard and screen reader users land on it.
      refs.current[firstInvalid]?.focus();
      return;
    }
    setState('submitting');
    try {
      await onSubmit({ name: values.name.trim(), email: values.email.trim(), message: values.message.trim() });
      setState('sent');
    } catch {
      setState('failed');
    }
  };

  if (state === 'sent') {
    return (
      <div className={cx('parley-offline', className)} data-state="sent" role="status">
        <span className="parley-offline-check" aria-hidden="true">
          ✓
        </span>
        <p className="parley-offline-sent">{strings.offlineSent}</p>
      </div>
    );
  }

  return (
    <form
      {...rest}
      className={cx('parley-offline', className)}
      data-state={state}
      noValidate
      aria-labelledby={heading ? `${id}-title` : undefined}
      aria-label={heading ? undefined : strings.offlineTitle}
      onSubmit={(event) => void handleSubmit(event)}
    >
      {heading && (
        <h2 id={`${id}-title`} className="parley-offline-title">
          {strings.offlineTitle}
        </h2>
      )}
      <p className="parley-offline-intro">{strings.offlineIntro}</p>
      {fields.map((field) => {
        const fieldId = `${id}-${field}`;
        const error = errors[field];
        const common = {
          id: fieldId,
          name: field,
          value: values[field],
          required: true,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${fieldId}-error` : undefined,
          onChange: (event: { target: { value: string } }) => {
            setValues((v) => ({ ...v, [field]: event.target.value }));
            // Clear a field's error as soon as it is edited; the next submit checks again.
            if (error) setErrors((e) => ({ ...e, [field]: undefined }));
          },
        };
        return (
          <div key={field} className="parley-field" data-invalid={error ? '' : undefined}>
            <label htmlFor={fieldId}>{labels[field]}</label>
            {field === 'message' ? (
              <textarea {...common} ref={(el) => void (refs.current[field] = el)} rows={4} />
            ) : (
              <input
                {...common}
                ref={(el) => void (refs.current[field] = el)}
                type={field === 'email' ? 'email' : 'text'}
                autoComplete={field === 'email' ? 'email' : 'name'}
              />
            )}
            {error && (
              <p id={`${fieldId}-error`} className="parley-field-error">
                {error}
              </p>
            )}
          </div>
        );
      })}
      {state === 'failed' && (
        <p className="parley-form-error" role="alert">
          {strings.offlineFailed}
        </p>
      )}
      <button type="submit" className="parley-button" disabled={state === 'submitting'}>
        {state === 'submitting' ? strings.offlineSubmitting : strings.offlineSubmit}
      </button>
    </form>
  );
}
