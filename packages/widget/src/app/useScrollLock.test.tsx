import { describe, expect, it } from 'vitest';
import { renderHook } from '@testing-library/react';
import { useScrollLock } from './useScrollLock';

describe('useScrollLock', () => {
  it('locks the page while on and restores the page’s own overflow after', () => {
    document.body.style.overflow = 'scroll';
    const { rerender, unmount } = renderHook(({ locked }) => useScrollLock(locked), { initialProps: { locked: false } });
    expect(document.documentElement.style.overflow).toBe('');
    rerender({ locked: true });
    expect(document.documentElement.style.overflow).toBe('hidden');
    expect(document.body.style.overflow).toBe('hidden');
    rerender({ locked: false });
    expect(document.documentElement.style.overflow).toBe('');
    expect(document.body.style.overflow).toBe('scroll');
    rerender({ locked: true });
    unmount();
    expect(document.body.style.overflow).toBe('scroll');
    document.body.style.overflow = '';
  });
});
