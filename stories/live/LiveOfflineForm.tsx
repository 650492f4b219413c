import { useCallback } from 'react';
import { ChatHeader, ChatWindow, OfflineForm } from '@parley/ui';
import type { OfflineFormValues, Theme } from '@parley/ui';
import type { LiveDemo } from './createLiveDemo';

export interface LiveOfflineFormProps {
  demo: LiveDemo;
  theme?: Theme;
}

/**
 * Nobody is online: the window offers "Leave a message". Sending it creates a chat in the demo's
 * engine that holds the message and waits in the queue for the next agent.
 */
export function LiveOfflineForm({ demo, theme }: LiveOfflineFormProps) {
  // The form shows "sent" only once this resolves, i.e. once the engine stored the message.
  const leave = useCallback(async (values: OfflineFormValues) => void (await demo.leaveMessage(values)), [demo]);
  return <ChatWindow theme={theme} header={<ChatHeader agentStatus="offline" />} body={<OfflineForm onSubmit={leave} />} />;
}
