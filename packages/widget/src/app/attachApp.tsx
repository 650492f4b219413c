import { browserStorage, updateVisitor } from '@parley/core';
import { ParleyError } from '@parley/protocol';
import uiStyles from '@parley/ui/styles.css?inline';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createStore } from 'zustand/vanilla';
import type { WidgetEmitter } from '../events';
import type { WidgetApp, WidgetIdentity } from '../handle';
import { english, loadLocale } from '../locales/locale';
import { preferredLanguage } from '../locales/localeCode';
import type { WidgetOptions } from '../options';
import { adoptStyles } from '../shadowStyles';
import widgetCss from './widget.css?inline';
import { forwardSessionEvents } from './hostEvents';
import { fillPopOut } from './popOutWindow';
import type { PanelState, Stage } from './WidgetApp';
import { WidgetApp as WidgetAppView } from './WidgetApp';
import type { ActiveSession } from './visitorSession';
import { createVisitorSession, endSession } from './visitorSession';

/** Renders the full widget into the shell's shadow root; the shell calls it once the code is here. */
export function attachApp(root: ShadowRoot, options: WidgetOptions, events: WidgetEmitter): WidgetApp {
  const removeStyles = [adoptStyles(root, uiStyles), adoptStyles(root, widgetCss)];
  const container = document.createElement('div');
  root.append(container);

  const lang = preferredLanguage(options.lang);
  const panel = createStore<PanelState>(() => ({ open: options.fill === true || (options.open ?? false), lang, locale: english, generation: 0 }));
  const visitor = createVisitorSession({
    server: options.server,
    room: options.room,
    storage: browserStorage(),
    // `chats:create` takes at most 64 characters of source: the site, not the whole URL.
    source: `web:${location.host}`.slice(0, 64),
    lang,
    ...(options.assign ? { assign: options.assign } : {}),
  });

  let session: ActiveSession | undefined;
  let stopForwarding: (() => void) | undefined;
  const onSession = (next: ActiveSession | undefined) => {
    if (session === next) return;
    stopForwarding?.();
    stopForwarding = undefined;
    if (session) endSession(session);
    session = next;
    if (!next) return;
    stopForwarding = forwardSessionEvents(next, events);
    if (next.fresh) events.emit('chatStarted', { chatId: next.chat.id });
  };
  onSession(visitor.resume());

  // The host's open/close, and the visitor's, are both changes of this store: one place to announce them.
  panel.subscribe((state, previous) => {
    if (state.open !== previous.open) events.emit(state.open ? 'opened' : 'closed', undefined);
  });

  const reactRoot = createRoot(container);
  function render(): void {
    const { generation } = panel.getState();
    const initialStage: Stage = session ? { kind: 'chat', session } : { kind: 'checking' };
    reactRoot.render(<WidgetAppView key={generation} options={options} panel={panel} visitor={visitor} initialStage={initialStage} onSession={onSession} />);
  }

  // The latest setLocale wins, however the chunks' downloads overtake each other.
  let localeRequest = 0;
  async function applyLocale(next: string): Promise<void> {
    const request = ++localeRequest;
    const locale = await loadLocale(next);
    if (request === localeRequest) panel.setState({ lang: next, locale });
  }
  // The first render waits for the visitor's language, so nobody sees English flash into German.
  // Committed at once (flushSync): `rendered` means the launcher is in the shadow root, where the shell
  // moves a keyboard user's focus before it removes the plain launcher — a render merely scheduled
  // would leave focus on a removed button, and Enter would do nothing.
  const rendered = applyLocale(lang)
    .catch((error: unknown) => console.error('Parley: the translation could not load; showing English', error))
    .then(() => flushSync(render));

  /** Starts afresh: the saved chat is not this visitor's (another person signed in on this browser). */
  function startOver(): void {
    visitor.forget();
    onSession(undefined);
    panel.setState((state) => ({ generation: state.generation + 1 }));
    render();
  }

  // Identity and attributes reach the server one after another, in the order the host gave them.
  let updates: Promise<unknown> = Promise.resolve();
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const next = updates.then(task);
    updates = next.catch(() => undefined);
    return next;
  }

  async function setUser(identity: WidgetIdentity): Promise<void> {
    if (!identity || typeof identity.token !== 'string' || identity.token === '') {
      throw new ParleyError('invalid_payload', 'setUser takes { token }: an identity token minted by your backend');
    }
    visitor.identify(identity.token);
    const current = session;
    if (!current) return;
    try {
      await updateVisitor(options.server, current.token, { identity: identity.token });
    } catch (error) {
      if (error instanceof ParleyError && error.code === 'conflict') startOver();
      else throw error;
    }
  }

  const app: WidgetApp = {
    setOpen: (open) => panel.setState({ open: options.fill === true || open }),
    isOpen: () => panel.getState().open,
    setLocale: (next) => void applyLocale(next).catch((error: unknown) => console.error('Parley: the translation could not load', error)),
    setUser: (identity) => serially(() => setUser(identity)),
    setAttributes: (attributes) =>
      serially(async () => {
        visitor.addAttributes(attributes);
        if (session) await updateVisitor(options.server, session.token, { extraInfo: attributes });
      }),
    fillPopOut,
    unmount() {
      reactRoot.unmount();
      onSession(undefined);
      container.remove();
      for (const remove of removeStyles) remove();
    },
    get client() {
      return session?.client;
    },
    rendered,
  };
  if (options.identity) app.setUser(options.identity).catch((error: unknown) => console.error('Parley: the identity token was refused', error));
  return app;
}
