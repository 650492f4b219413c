import { useCallback, useEffect, useState } from 'react';
import type { AssignOptions } from '@parley/core';
import { createLiveDemo } from './createLiveDemo';
import type { LiveDemo, LiveDemoOptions } from './createLiveDemo';

/** What the visitor sees: the engine starting, a chat, or — nobody online — the offline form. */
export type LiveDemoView =
  | { status: 'starting' }
  | { status: 'failed'; error: string }
  | { status: 'chat'; demo: LiveDemo; chatId: string }
  | { status: 'offline'; demo: LiveDemo };

export interface UseLiveDemoResult {
  view: LiveDemoView;
  /** After a chat ended: opens and assigns a new one in the same demo. */
  startNewChat(): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Builds a live demo on mount and tears it down (timers included) on unmount. With an agent online
 * the visitor's chat is created and assigned at once; without one, the view is `offline`.
 */
export function useLiveDemo(options: LiveDemoOptions | undefined, assign: AssignOptions | undefined): UseLiveDemoResult {
  const [view, setView] = useState<LiveDemoView>({ status: 'starting' });
  // Options are read once per mount: a story's args are fixed, and a new engine per render would lose the chat.
  const [initial] = useState(() => ({ options, assign }));

  useEffect(() => {
    let cancelled = false;
    let demo: LiveDemo | undefined;
    const start = async () => {
      const created = await createLiveDemo(initial.options);
      demo = created;
      if (cancelled) return created.dispose();
      const next: LiveDemoView =
        (await created.agentsOnline()) > 0
          ? { status: 'chat', demo: created, chatId: await created.startChat(initial.assign) }
          : { status: 'offline', demo: created };
      if (!cancelled) setView(next);
    };
    start().catch((error: unknown) => {
      if (!cancelled) setView({ status: 'failed', error: messageOf(error) });
    });
    return () => {
      cancelled = true;
      demo?.dispose();
    };
  }, [initial]);

  const startNewChat = useCallback(() => {
    if (view.status !== 'chat') return;
    const { demo } = view;
    // Only the demo still shown takes the new chat: a late answer after unmount changes nothing.
    const showIfCurrent = (next: LiveDemoView) => setView((current) => ('demo' in current && current.demo === demo ? next : current));
    demo.startChat(initial.assign).then(
      (chatId) => showIfCurrent({ status: 'chat', demo, chatId }),
      (error: unknown) => showIfCurrent({ status: 'failed', error: messageOf(error) }),
    );
  }, [view, initial]);

  return { view, startNewChat };
}
