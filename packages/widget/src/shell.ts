import type { WidgetApp, WidgetHandle } from './handle';
import type { WidgetOptions } from './options';
import { adoptStyles, chatIconSvg, hostCss, launcherCss } from './shadowStyles';

export type AttachApp = (root: ShadowRoot, options: WidgetOptions) => WidgetApp;
/** How the full widget arrives: a dynamic import for the loader, a static one for the ESM build. */
export type LoadApp = () => Promise<AttachApp>;

/**
 * The part of the widget that runs at once: a host element with a shadow root and a plain-DOM
 * launcher. The full widget (React, the UI, the client) loads on idle or on the first click and
 * replaces the launcher with its own; calls made before then are replayed.
 */
export function mountShell(options: WidgetOptions, loadApp: LoadApp): WidgetHandle {
  const host = document.createElement('parley-widget');
  if (options.target) host.setAttribute('data-inline', '');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, hostCss);
  const removeLauncherCss = adoptStyles(root, launcherCss);

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'parley-boot';
  launcher.setAttribute('aria-label', options.strings?.launcherOpen ?? 'Open chat');
  launcher.setAttribute('aria-expanded', 'false');
  // The same drawing as @parley/ui's Launcher, so nothing jumps when React takes over.
  launcher.innerHTML = chatIconSvg;
  root.append(launcher);
  (options.target ?? document.body).append(host);

  let wantOpen = options.open ?? false;
  let app: WidgetApp | undefined;
  let unmounted = false;
  let loading: Promise<void> | undefined;

  function load(): Promise<void> {
    loading ??= loadApp()
      .then((attach) => {
        if (unmounted) return;
        app = attach(root, { ...options, open: wantOpen });
        launcher.remove();
        removeLauncherCss();
      })
      .catch((error: unknown) => {
        // The next click tries again (a flaky network, a deploy mid-visit).
        loading = undefined;
        launcher.removeAttribute('aria-busy');
        console.error('Parley: the chat widget could not load', error);
        throw error;
      });
    return loading;
  }

  launcher.addEventListener('click', () => {
    wantOpen = true;
    launcher.setAttribute('aria-busy', 'true');
    void load();
  });
  const ready = wantOpen ? load() : new Promise<void>((resolve, reject) => whenIdle(() => load().then(resolve, reject)));
  // Reported above; callers who await `ready` still see the rejection.
  ready.catch(() => undefined);

  function setOpen(open: boolean): void {
    wantOpen = open;
    if (app) app.setOpen(open);
    else if (open) void load();
  }

  return {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(app ? !app.isOpen() : !wantOpen),
    unmount() {
      unmounted = true;
      app?.unmount();
      host.remove();
    },
    get client() {
      return app?.client;
    },
    ready,
  };
}

/** After the page has settled: the launcher shows at once, the rest never competes with the host. */
function whenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 4000 });
  else setTimeout(callback, 1500);
}
