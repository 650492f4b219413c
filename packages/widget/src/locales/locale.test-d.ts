import { describe, expectTypeOf, it } from 'vitest';
import { de } from './de';
import type { WidgetLocale } from './locale';

describe('WidgetLocale', () => {
  it('a translation missing a key, or naming one that does not exist, does not typecheck', () => {
    const { send: _send, ...withoutSend } = de;
    // @ts-expect-error `send` is missing
    const missing: WidgetLocale = withoutSend;
    // @ts-expect-error `sned` is no key of the widget's strings
    const misspelt: WidgetLocale = { ...de, sned: 'Senden' };
    expectTypeOf(missing).toEqualTypeOf<WidgetLocale>();
    expectTypeOf(misspelt).toEqualTypeOf<WidgetLocale>();
  });
});
