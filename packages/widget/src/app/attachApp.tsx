import { browserStorage } from '@parley/core';
import uiStyles from '@parley/ui/styles.css?inline';
import { createRoot } from 'react-dom/client';
import { createStore } from 'zustand/vanilla';
import type { WidgetApp } from '../handle';
import type { WidgetOptions } from '../options';
import { adoptStyles } from '../shadowStyles';
import widgetCss from './widget.css?inline';
import type { PanelState, Stage } from './WidgetApp';
import { WidgetApp as WidgetAppView } from './WidgetApp';
import type { ActiveSession } from './visitorSession';
import { createVisitorSession, endSession } from './visitorSession';

/** Renders the full widget into the shell's shadow root; the shell calls it once the code is here. */
export function attachApp(root: ShadowRoot, options: WidgetOptions): WidgetApp {
  const removeStyles = [adoptStyles(root, uiStyles), adoptStyles(root, widgetCss)];
  const container = document.createElement('div');
  root.append(container);

  const panel = createStore<PanelState>(() => ({ open: options.open ?? false }));
  const visitor = createVisitorSession({
    server: options.server,
    room: options.room,
    storage: browserStorage(),
    // `chats:create` takes at most 64 characters of source: the site, not the whole URL.
    source: `web:${location.host}`.slice(0, 64),
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.assign ? { assign: options.assign } : {}),
  });
  let session: ActiveSession | undefined = visitor.resume();
  const initialStage: Stage = session ? { kind: 'chat', session } : { kind: 'checking' };
  const onSession = (next: ActiveSession | undefined) => {
    if (session && session !== next) endSession(session);
    session = next;
  };

  const reactRoot = createRoot(container);
  reactRoot.render(<WidgetAppView options={options} panel={panel} visitor={visitor} initialStage={initialStage} onSession={onSession} />);

  return {
    setOpen: (open) => panel.setState({ open }),
    isOpen: () => panel.getState().open,
    unmount() {
      reactRoot.unmount();
      if (session) endSession(session);
      container.remove();
      for (const remove of removeStyles) remove();
    },
    get client() {
      return session?.client;
    },
  };
}
