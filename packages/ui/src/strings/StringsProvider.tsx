import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { defaultStrings, mergeStrings } from './strings';
import type { Strings, StringsOverride } from './strings';

interface StringsContextValue {
  strings: Strings;
  /** BCP 47 tag for dates; `undefined` lets Intl use the browser's locale. */
  locale: string | undefined;
}

const StringsContext = createContext<StringsContextValue>({ strings: defaultStrings, locale: undefined });

export interface StringsProviderProps {
  strings?: StringsOverride;
  locale?: string;
  children?: ReactNode;
}

/** Nested providers layer: an inner override only replaces the keys it names. */
export function StringsProvider({ strings, locale, children }: StringsProviderProps) {
  const parent = useContext(StringsContext);
  // One stable value per override: every message row reads this context, so a new object per render
  // would re-render all of them.
  const value = useMemo(
    () => ({ strings: mergeStrings(parent.strings, strings), locale: locale ?? parent.locale }),
    [parent, strings, locale],
  );
  return <StringsContext.Provider value={value}>{children}</StringsContext.Provider>;
}

/** The strings in effect, with a component's own `strings` prop applied last. */
export function useStrings(override?: StringsOverride): Strings {
  const { strings } = useContext(StringsContext);
  return useMemo(() => mergeStrings(strings, override), [strings, override]);
}

export function useLocale(override?: string): string | undefined {
  const { locale } = useContext(StringsContext);
  return override ?? locale;
}
