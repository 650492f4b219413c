import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WidgetEmitter } from './events';
import type { WidgetApp } from './handle';
import type { AttachApp } from './shell';
import { mountShell } from './shell';

const options = { server: 'https://chat.example.com', room: 'support' };

/** A stand-in for the full widget: records how the shell drove it. */
function fakeApp() {
  let open = false;
  let events: WidgetEmitter | undefined;
  const app: WidgetApp & { unmounted: boolean; calls: unknown[][] } = {
    setOpen: (next) => {
      if (next !== open) events?.emit(next ? 'opened' : 'closed', undefined);
      open = next;
    },
    isOpen: () => open,
    setLocale: (lang) => void app.calls.push(['setLocale', lang]),
    setUser: async (identity) => void app.calls.push(['setUser', identity]),
    setAttributes: async (attributes) => void app.calls.push(['setAttributes', attributes]),
    fillPopOut: (_popup, popOutOptions) => void app.calls.push(['fillPopOut', popOutOptions.room]),
    unmount: () => void (app.unmounted = true),
    client: undefined,
    rendered: Promise.resolve(),
    unmounted: false,
    calls: [],
  };
  const attach = vi.fn<AttachApp>((_root, resolved, emitter) => {
    open = resolved.open ?? false;
    events = emitter;
    return app;
  });
  return { app, attach };
}

const launcherOf = () => document.querySelector('parley-widget')?.shadowRoot?.querySelector('button');

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('mountShell', () => {
  it('draws a labelled launcher in a shadow root at once, before any app code loads', () => {
    const loadApp = vi.fn(() => new Promise<AttachApp>(() => undefined));
    mountShell(options, loadApp);
    const host = document.querySelector('parley-widget');
    expect(host?.shadowRoot).toBeTruthy();
    expect(launcherOf()?.getAttribute('aria-label')).toBe('Open chat');
    // Nothing of the widget is in the light DOM, where host-page CSS could reach it.
    expect(host?.children).toHaveLength(0);
  });

  it('loads the app on the first click and opens it; the plain launcher makes way', async () => {
    const { app, attach } = fakeApp();
    const handle = mountShell(options, () => Promise.resolve(attach));
    launcherOf()?.click();
    await handle.ready;
    expect(attach).toHaveBeenCalledOnce();
    expect(attach.mock.calls[0]?.[1]).toMatchObject({ open: true, room: 'support' });
    expect(app.isOpen()).toBe(true);
    expect(launcherOf()).toBeNull();
  });

  it('keeps keyboard focus on the launcher when the app replaces the plain one on idle', async () => {
    const { app, attach } = fakeApp();
    let arrive: (attach: AttachApp) => void = () => undefined;
    const handle = mountShell(options, () => new Promise<AttachApp>((resolve) => (arrive = resolve)));
    const root = document.querySelector('parley-widget')!.shadowRoot!;
    launcherOf()!.focus();
    expect(root.activeElement).toBe(launcherOf());
    attach.mockImplementationOnce((shadow) => {
      const appLauncher = document.createElement('button');
      appLauncher.className = 'parley-launcher';
      shadow.append(appLauncher);
      return app;
    });
    // What the idle load does: the app arrives, closed, while the plain launcher has focus.
    handle.open();
    handle.close();
    arrive(attach);
    await handle.ready;
    expect(app.isOpen()).toBe(false);
    expect(root.activeElement?.className).toBe('parley-launcher');
  });

  it('replays open/close/toggle called before the app arrived, then drives the app directly', async () => {
    const { app, attach } = fakeApp();
    let arrive: (attach: AttachApp) => void = () => undefined;
    const handle = mountShell(options, () => new Promise<AttachApp>((resolve) => (arrive = resolve)));
    handle.open();
    handle.close();
    handle.toggle();
    arrive(attach);
    await handle.ready;
    expect(app.isOpen()).toBe(true);
    handle.toggle();
    expect(app.isOpen()).toBe(false);
  });

  it('unmount removes the host element and the app', async () => {
    const { app, attach } = fakeApp();
    const handle = mountShell({ ...options, open: true }, () => Promise.resolve(attach));
    await handle.ready;
    handle.unmount();
    expect(document.querySelector('parley-widget')).toBeNull();
    expect(app.unmounted).toBe(true);
  });

  it('reports a failed load, keeps the launcher, and tries again on the next click', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { attach } = fakeApp();
    const loadApp = vi.fn<() => Promise<AttachApp>>().mockRejectedValueOnce(new Error('network down')).mockResolvedValueOnce(attach);
    const handle = mountShell({ ...options, open: true }, loadApp);
    await expect(handle.ready).rejects.toThrow('network down');
    expect(consoleError).toHaveBeenCalledWith('Parley: the chat widget could not load', expect.any(Error));
    expect(launcherOf()).toBeTruthy();
    launcherOf()?.click();
    await vi.waitFor(() => expect(attach).toHaveBeenCalledOnce());
  });

  it('mounts inline inside a given target', () => {
    const target = document.createElement('section');
    document.body.append(target);
    mountShell({ ...options, target }, () => new Promise<AttachApp>(() => undefined));
    expect(target.querySelector('parley-widget')?.hasAttribute('data-inline')).toBe(true);
  });

  it('hides and shows the launcher for a host with its own button; open() still works while hidden', async () => {
    const { app, attach } = fakeApp();
    const handle = mountShell({ ...options, hideLauncher: true }, () => Promise.resolve(attach));
    const host = document.querySelector('parley-widget')!;
    expect(host.hasAttribute('data-launcher-hidden')).toBe(true);
    handle.show();
    expect(host.hasAttribute('data-launcher-hidden')).toBe(false);
    handle.hide();
    expect(host.hasAttribute('data-launcher-hidden')).toBe(true);
    handle.open();
    await handle.ready;
    expect(app.isOpen()).toBe(true);
  });

  it('labels the boot launcher in the widget language: data-lang first, then setLocale, else the browser', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-FR');
    const never = () => new Promise<AttachApp>(() => undefined);
    mountShell(options, never);
    expect(launcherOf()?.getAttribute('aria-label')).toBe('Ouvrir le chat');
    document.body.innerHTML = '';
    const handle = mountShell({ ...options, lang: 'de-AT' }, never);
    expect(launcherOf()?.getAttribute('aria-label')).toBe('Chat öffnen');
    handle.setLocale('es');
    expect(launcherOf()?.getAttribute('aria-label')).toBe('Abrir el chat');
  });

  it('emits ready, opened and closed to listeners added before the app loaded; off stops one', async () => {
    const { attach } = fakeApp();
    let arrive: (attach: AttachApp) => void = () => undefined;
    const handle = mountShell(options, () => new Promise<AttachApp>((resolve) => (arrive = resolve)));
    const seen: string[] = [];
    const onClosed = () => seen.push('closed');
    handle.on('ready', () => seen.push('ready'));
    handle.on('opened', () => seen.push('opened'));
    handle.on('closed', onClosed);
    handle.open();
    arrive(attach);
    await handle.ready;
    handle.close();
    handle.off('closed', onClosed);
    handle.open();
    handle.close();
    // Opened before the app arrived: announced once it shows, right after `ready`.
    expect(seen).toEqual(['ready', 'opened', 'closed', 'opened']);
  });

  it('holds setLocale, setUser and setAttributes made before the app arrived, then hands them over in order', async () => {
    const { app, attach } = fakeApp();
    let arrive: (attach: AttachApp) => void = () => undefined;
    const handle = mountShell(options, () => new Promise<AttachApp>((resolve) => (arrive = resolve)));
    handle.setLocale('de');
    const user = handle.setUser({ token: 'signed-by-the-host' });
    const attributes = handle.setAttributes({ plan: 'pro' });
    handle.open();
    arrive(attach);
    await Promise.all([user, attributes]);
    expect(attach.mock.calls[0]?.[1]).toMatchObject({ lang: 'de' });
    expect(app.calls).toEqual([
      ['setUser', { token: 'signed-by-the-host' }],
      ['setAttributes', { plan: 'pro' }],
    ]);
  });

  it('opens on a click that comes while the app is still attaching (its translation loading)', async () => {
    const { app, attach } = fakeApp();
    let renderedNow: () => void = () => undefined;
    const slowApp = { ...app, rendered: new Promise<void>((resolve) => (renderedNow = resolve)) };
    const handle = mountShell(options, () => Promise.resolve(attach.mockReturnValue(slowApp) as AttachApp));
    // The page went idle: the app is attached closed, and waits for its translation.
    await vi.waitFor(() => expect(attach).toHaveBeenCalledOnce(), { timeout: 3000 });
    launcherOf()?.click();
    renderedNow();
    await handle.ready;
    expect(app.isOpen()).toBe(true);
  });
});
