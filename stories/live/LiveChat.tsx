import { useEffect, useState } from 'react';
import type { AssignOptions } from '@parley/core';
import { ParleyProvider } from '@parley/react';
import { ParleyChat } from '@parley/ui';
import type { Theme } from '@parley/ui';
import { createLiveDemo } from './createLiveDemo';
import type { LiveDemo, LiveDemoOptions } from './createLiveDemo';

export interface LiveChatProps {
  demo?: LiveDemoOptions;
  /** How the visitor's chat is assigned on load. */
  assign?: AssignOptions;
  theme?: Theme;
}

/**
 * A live chat window: builds an in-page engine with a scripted agent on mount, opens and assigns the
 * visitor's chat, and tears it all down (timers included) on unmount.
 */
export function LiveChat({ demo: demoOptions, assign, theme }: LiveChatProps) {
  const [live, setLive] = useState<{ demo: LiveDemo; chatId: string } | { error: string } | undefined>(undefined);
  // Options are read once per mount: a story's args are fixed, and a new engine per render would lose the chat.
  const [options] = useState(() => ({ demoOptions, assign }));

  useEffect(() => {
    let cancelled = false;
    let demo: LiveDemo | undefined;
    createLiveDemo(options.demoOptions)
      .then(async (created) => {
        demo = created;
        if (cancelled) return created.dispose();
        const chatId = await created.startChat(options.assign);
        if (!cancelled) setLive({ demo: created, chatId });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLive({ error: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
      demo?.dispose();
    };
  }, [options]);

  if (live === undefined) return <p className="parley" aria-busy="true">Starting the in-page engine…</p>;
  if ('error' in live) return <p role="alert">The live demo failed to start: {live.error}</p>;
  return (
    <ParleyProvider client={live.demo.visitor} store={live.demo.visitorStore}>
      <ParleyChat chatId={live.chatId} theme={theme} />
    </ParleyProvider>
  );
}
