import { useCallback, useReducer } from 'react';
import { useParley } from './context';

/**
 * The unsent text of a chat's composer, held by the client (`client.drafts`) rather than the
 * component: it is still there when the chat is shown again, and after a reload where the client has
 * storage. Pass it to `<Composer value onValueChange>`; the composer clears it after a send.
 */
export function useDraft(chatId: string): [draft: string, setDraft: (text: string) => void] {
  const client = useParley('useDraft');
  // The text lives in `client.drafts` alone (so another chat shown by the same component shows its own
  // draft); a change only asks for the render that reads it.
  const [, rendered] = useReducer((count: number) => count + 1, 0);
  const setDraft = useCallback(
    (text: string) => {
      client.drafts.set(chatId, text);
      rendered();
    },
    [client, chatId],
  );
  return [client.drafts.get(chatId), setDraft];
}
