import type { WidgetEmitter } from './events';
import { createEmitter } from './events';
import type { WidgetApp, WidgetHandle } from './handle';
import { launcherLabel } from './locales/launcherLabels';
import { preferredLanguage } from './locales/localeCode';
import type { WidgetOptions } from './options';
import { adoptStyles, chatIconSvg, hostCss, launcherCss } from './shadowStyles';

export type AttachApp = (root: ShadowRoot, options: WidgetOptions, events: WidgetEmitter) => WidgetApp;
/** How the full widget arrives: a dynamic import for the loader, a static one for the ESM build. */
export type LoadApp = () => Promise<AttachApp>;

export interface ShellContext {
  /** The loader's own URL, which a pop-out window loads; the ESM build passes none. */
  loaderUrl?: string;
}

/**
 * The part of the widget that runs at once: a host element with a shadow root and a plain-DOM
 * launcher. The full widget (React, the UI, the client) loads on idle or on the first click and
 * replaces the launcher with its own; calls made before then are replayed.
 */
export function mountShell(options: WidgetOptions, loadApp: LoadApp, context: ShellContext = {}): WidgetHandle {
  const events = createEmitter();
  const host = document.createElement('parley-widget');
  if (options.target) host.setAttribute('data-inline', '');
  if (options.fill) host.setAttribute('data-fill', '');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, hostCss);
  const removeLauncherCss = adoptStyles(root, launcherCss);

  let lang = preferredLanguage(options.lang);
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'parley-boot';
  const labelLauncher = () => launcher.setAttribute('aria-label', options.strings?.launcherOpen ?? launcherLabel(lang));
  labelLauncher();
  launcher.setAttribute('aria-expanded', 'false');
  // The same drawing as @parley/ui's Launcher, so nothing jumps when React takes over.
  launcher.innerHTML = chatIconSvg;
  root.append(launcher);
  const setLauncherHidden = (hidden: boolean) => host.toggleAttribute('data-launcher-hidden', hidden);
  setLauncherHidden(options.hideLauncher === true);
  (options.target ?? document.body).append(host);

  let wantOpen = options.open ?? false;
  let app: WidgetApp | undefined;
  let unmounted = false;
  let loading: Promise<void> | undefined;
  // The latest identity, for a pop-out window; calls made before the app arrived wait for it.
  let identity = options.identity;
  let arrived: (app: WidgetApp) => void = () => undefined;
  const appArrived = new Promise<WidgetApp>((resolve) => (arrived = resolve));
  // Settles with the first load, whatever started it: a click, `open()`, or the page going idle.
  let failed: (error: unknown) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    void appArrived.then(() => resolve());
    failed = reject;
  });
  // Reported in load(); callers who await `ready` still see the rejection.
  ready.catch(() => undefined);

  /** Loads the full widget once; never rejects (a failure is reported, and the next click tries again). */
  function load(): void {
    loading ??= loadApp().then(
      async (attach) => {
        if (unmounted) return;
        app = attach(root, { ...options, lang, open: wantOpen }, events);
        await app.rendered;
        const focused = root.activeElement === launcher;
        launcher.remove();
        // A keyboard user on the plain launcher when the app arrives on idle stays on the app's
        // launcher (removing a focused button would drop focus to the page, and Enter would do nothing).
        // An open app has put focus inside its panel already.
        if (focused && !app.isOpen()) root.querySelector<HTMLElement>('.parley-launcher')?.focus();
        removeLauncherCss();
        arrived(app);
        events.emit('ready', undefined);
        // Opened before the app arrived (a click on the plain launcher, `open()`): it shows open now.
        if (app.isOpen()) events.emit('opened', undefined);
      },
      (error: unknown) => {
        // The next click tries again (a flaky network, a deploy mid-visit).
        loading = undefined;
        launcher.removeAttribute('aria-busy');
        console.error('Parley: the chat widget could not load', error);
        failed(error);
      },
    );
  }

  function setOpen(open: boolean): void {
    wantOpen = open;
    if (app) app.setOpen(open);
    else if (open) load();
  }

  // A click while the app is attaching (its translation still loading) reaches it, too.
  launcher.addEventListener('click', () => {
    launcher.setAttribute('aria-busy', 'true');
    setOpen(true);
  });
  if (wantOpen) load();
  else whenIdle(load);

  const handle: WidgetHandle = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(app ? !app.isOpen() : !wantOpen),
    isOpen: () => !!app?.isOpen(),
    show: () => setLauncherHidden(false),
    hide: () => setLauncherHidden(true),
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    setLocale(next) {
      lang = preferredLanguage(next);
      labelLauncher();
      app?.setLocale(lang);
    },
    async setUser(next) {
      identity = next;
      await (app ?? (await appArrived)).setUser(next);
    },
    async setAttributes(next) {
      await (app ?? (await appArrived)).setAttributes(next);
    },
    popOut() {
      // Opened now, while the click that asked for it counts (popup blockers); filled by the app.
      const popup = window.open('', `parley-${options.room}`, 'popup,width=420,height=680');
      if (!popup) return null;
      popup.focus();
      setOpen(false);
      const popOutOptions = { ...options, lang, open: true, ...(identity ? { identity } : {}) };
      void appArrived.then((current) => current.fillPopOut(popup, popOutOptions, context.loaderUrl));
      load();
      return popup;
    },
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
  return handle;
}

/** After the page has settled: the launcher shows at once, the rest never competes with the host. */
function whenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 4000 });
  else setTimeout(callback, 1500);
}
