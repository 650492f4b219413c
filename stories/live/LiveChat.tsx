import { useCallback } from 'react';
import type { AssignOptions } from '@parley/core';
import { ParleyProvider } from '@parley/react';
import { ParleyChat } from '@parley/ui';
import type { Theme } from '@parley/ui';
import type { LiveDemo, LiveDemoOptions } from './createLiveDemo';
import { LiveOfflineForm } from './LiveOfflineForm';
import { useLiveDemo } from './useLiveDemo';

export interface LiveChatProps {
  /** The in-page engine's setup: Ada's presence and capacity, visitors queued ahead, imported history, her pace. */
  demo?: LiveDemoOptions;
  /** How the visitor's chat is assigned on load (and by "Try again"). */
  assign?: AssignOptions;
  /** `light`, `dark`, or `auto` to follow `prefers-color-scheme`. */
  theme?: Theme;
}

/**
 * The visitor's window on a live demo: the real `ParleyChat` inside `ParleyProvider`, or the offline
 * form when no agent is online. Closing ends the chat; "Start a new chat" opens the next one.
 */
export function LiveChat({ demo: demoOptions, assign, theme }: LiveChatProps) {
  const { view, startNewChat } = useLiveDemo(demoOptions, assign);

  if (view.status === 'starting') return <p className="parley" aria-busy="true">Starting the in-page engine…</p>;
  if (view.status === 'failed') return <p role="alert">The live demo failed to start: {view.error}</p>;
  if (view.status === 'offline') return <LiveOfflineForm demo={view.demo} theme={theme} />;
  return (
    <ParleyProvider client={view.demo.visitor}>
      <VisitorChat key={view.chatId} demo={view.demo} chatId={view.chatId} assign={assign} theme={theme} onStartNew={startNewChat} />
    </ParleyProvider>
  );
}

interface VisitorChatProps {
  demo: LiveDemo;
  chatId: string;
  assign: AssignOptions | undefined;
  theme: Theme | undefined;
  onStartNew: () => void;
}

function VisitorChat({ demo, chatId, assign, theme, onStartNew }: VisitorChatProps) {
  const endChat = useCallback(() => void demo.visitor.chats.get(chatId).close().catch(() => undefined), [demo, chatId]);
  return <ParleyChat chatId={chatId} assignOptions={assign} theme={theme} onClose={endChat} onStartNew={onStartNew} />;
}
