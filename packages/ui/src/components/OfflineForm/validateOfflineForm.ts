import type { Strings } from '../../strings/strings';

export interface OfflineFormValues {
  name: string;
  email: string;
  message: string;
}

export type OfflineFormErrors = Partial<Record<keyof OfflineFormValues, string>>;

export const offlineFormLimits = { name: 100, email: 254, message: 4000 } as const;

// Deliberately loose: one @, something on both sides, a dot in the domain. The server has the final
// say; the form only catches typos before a visitor waits for a reply that cannot arrive.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Pure: the errors to show for these values, keyed by field, as display strings. */
export function validateOfflineForm(values: OfflineFormValues, strings: Strings): OfflineFormErrors {
  const errors: OfflineFormErrors = {};
  for (const field of ['name', 'email', 'message'] as const) {
    const value = values[field].trim();
    if (value === '') errors[field] = strings.required;
    else if (value.length > offlineFormLimits[field]) errors[field] = strings.tooLong(offlineFormLimits[field]);
  }
  if (!errors.email && !emailPattern.test(values.email.trim())) errors.email = strings.invalidEmail;
  return errors;
}
