import { renderHook } from '@testing-library/react';
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { renderToString } from 'react-dom/server';
import { inject, expect, it } from 'vitest';
import { useParleyStore } from './useParleyStore';
import { createHookBench } from './testBench';

declare module 'vitest' {
  interface ProvidedContext {
    /** The React major a test project runs on (vite.config.ts: `react` 19, `react18` 18). */
    reactMajor: number;
  }
}

const major = inject('reactMajor');

it('runs on the React major its test project provides, for every react entry', async () => {
  expect(version.split('.')[0]).toBe(String(major));
  expect(domVersion).toBe(version);
  expect(renderToString(<b>{version}</b>)).toBe(`<b>${version}</b>`);
  // Hooks through zustand and Testing Library: one React between them, or this would throw.
  const bench = await createHookBench();
  const { result } = renderHook(() => useParleyStore((state) => state.me?.id), { wrapper: bench.as(bench.visitor) });
  expect(result.current).toBe(bench.visitor.me?.id);
});
