import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WidgetApp } from './handle';
import type { AttachApp } from './shell';
import { mountShell } from './shell';

const options = { server: 'https://chat.example.com', room: 'support' };

/** A stand-in for the full widget: records how the shell drove it. */
function fakeApp() {
  let open = false;
  const app: WidgetApp & { unmounted: boolean } = {
    setOpen: (next) => void (open = next),
    isOpen: () => open,
    unmount: () => void (app.unmounted = true),
    client: undefined,
    unmounted: false,
  };
  const attach = vi.fn<AttachApp>((_root, resolved) => {
    open = resolved.open ?? false;
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
});
