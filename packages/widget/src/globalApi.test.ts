import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WidgetHandle } from './handle';
import { createParleyGlobal } from './globalApi';

/** A widget handle that records what was called on it. */
function recordingHandle(calls: unknown[][]): WidgetHandle {
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return name === 'setUser' || name === 'setAttributes' ? Promise.resolve() : undefined;
    };
  return {
    open: record('open'),
    close: record('close'),
    toggle: record('toggle'),
    isOpen: () => false,
    show: record('show'),
    hide: record('hide'),
    on: ((...args: unknown[]) => {
      calls.push(['on', ...args]);
      return () => undefined;
    }) as WidgetHandle['on'],
    off: record('off'),
    setLocale: record('setLocale'),
    setUser: record('setUser') as WidgetHandle['setUser'],
    setAttributes: record('setAttributes') as WidgetHandle['setAttributes'],
    popOut: () => null,
    unmount: record('unmount'),
    client: undefined,
    ready: Promise.resolve(),
  };
}

afterEach(() => vi.restoreAllMocks());

describe('the Parley global', () => {
  it('replays the snippet stub’s queue, then later calls, in order, against the first widget mounted', async () => {
    const calls: unknown[][] = [];
    const listener = () => undefined;
    // What the README's snippet records before the loader arrives: `arguments` objects.
    const stub = { q: [['setLocale', 'de'], ['on', 'agentMessage', listener], ['hide']] };
    const parley = createParleyGlobal(() => recordingHandle(calls), '1.0.0', stub);
    parley('setUser', { token: 'signed' });
    parley.open();
    expect(calls).toEqual([]);
    const first = parley.mount({ server: 'https://chat.example.com', room: 'support' });
    parley.mount({ server: 'https://chat.example.com', room: 'sales' });
    await Promise.resolve();
    expect(parley.widget).toBe(first);
    expect(calls).toEqual([['setLocale', 'de'], ['on', 'agentMessage', listener], ['hide'], ['setUser', { token: 'signed' }], ['open']]);
    // Once the widget exists, calls go straight through.
    parley('toggle');
    expect(calls.at(-1)).toEqual(['toggle']);
  });

  it('answers isOpen() like the handle does: false before a widget exists, then the page widget’s state', () => {
    let open = false;
    const parley = createParleyGlobal(() => ({ ...recordingHandle([]), isOpen: () => open }), '1.0.0', undefined);
    expect(parley.isOpen()).toBe(false);
    parley.mount({ server: 'https://chat.example.com', room: 'support' });
    open = true;
    expect(parley.isOpen()).toBe(true);
  });

  it('returns the popped-out window from popOut(): at once from a mounted widget, as a promise before one is', async () => {
    // The test page's own window stands in for the one the handle opened.
    const popped = window;
    const parley = createParleyGlobal(() => ({ ...recordingHandle([]), popOut: () => popped }), '1.0.0', undefined);
    const early = parley.popOut();
    expect(early).toBeInstanceOf(Promise);
    parley.mount({ server: 'https://chat.example.com', room: 'support' });
    expect(await early).toBe(popped);
    expect(parley.popOut()).toBe(popped);
  });

  it('reports an unknown command instead of throwing into the host page', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const parley = createParleyGlobal(() => recordingHandle([]), '1.0.0', { q: [['explode']] });
    parley.mount({ server: 'https://chat.example.com', room: 'support' });
    expect(error).toHaveBeenCalledWith('Parley: unknown command', 'explode');
  });

  it('reports a queued setUser the server refused: nobody else holds its promise', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const handle = { ...recordingHandle([]), setUser: () => Promise.reject(new Error('unauthorized')) };
    const parley = createParleyGlobal(() => handle, '1.0.0', { q: [['setUser', { token: 'forged' }]] });
    parley.mount({ server: 'https://chat.example.com', room: 'support' });
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith('Parley: setUser failed', expect.any(Error)));
  });
});
