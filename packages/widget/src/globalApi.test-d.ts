import { describe, expectTypeOf, it } from 'vitest';
import type { ParleyGlobal } from './globalApi';
import type { WidgetHandle } from './handle';

describe('ParleyGlobal', () => {
  it('types popOut() as the window it returns (null if blocked), or a promise of it before a widget is mounted', () => {
    expectTypeOf<ParleyGlobal['popOut']>().returns.toEqualTypeOf<Window | null | Promise<Window | null>>();
    // Awaited, the global's answer is the handle's.
    expectTypeOf<Awaited<ReturnType<ParleyGlobal['popOut']>>>().toEqualTypeOf<ReturnType<WidgetHandle['popOut']>>();
  });
});
