import { afterEach, describe, expect, it } from 'vitest';
import { browserStorage, createMemoryStorage } from './storage';

const scope = globalThis as { localStorage?: unknown; sessionStorage?: unknown };

afterEach(() => {
  delete scope.localStorage;
  delete scope.sessionStorage;
});

describe('browserStorage', () => {
  it('finds localStorage by default and sessionStorage when asked, each on its own', () => {
    const local = createMemoryStorage();
    const session = createMemoryStorage();
    scope.localStorage = local;
    scope.sessionStorage = session;
    expect(browserStorage()).toBe(local);
    expect(browserStorage('sessionStorage')).toBe(session);
  });

  it('is undefined where there is none (SSR) or where touching it throws (private modes)', () => {
    expect(browserStorage()).toBeUndefined();
    scope.sessionStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(browserStorage('sessionStorage')).toBeUndefined();
  });
});
