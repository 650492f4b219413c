import { useCallback, useState } from 'react';
import { useParley } from './context';

/**
 * The unsent text of a chat's composer, held by the client (`client.drafts`) rather than the
 * component: it is still there when the chat is shown again, and after a reload where the client has
 * storage. Pass it to `<Composer value onValueChange>`; the composer clears it after a send.
 */
export function useDraft(chatId: string): [draft: string, setDraft: (text: string) => void] {
  const client = useParley('useDraft');
  const [held, setHeld] = useState(() => ({ chatId, text: client.drafts.get(chatId) }));
  // The same component showing another chat shows that chat's draft, not the last one's text.
  const draft = held.chatId === chatId ? held.text : client.drafts.get(chatId);
  const setDraft = useCallback(
    (text: string) => {
      client.drafts.set(chatId, text);
      setHeld({ chatId, text });
    },
    [client, chatId],
  );
  return [draft, setDraft];
}
