/**
 * The chat the agent has open, kept in the page's address (`#chat=<id>`): a reload (or a link the
 * agent bookmarks) reopens it instead of an empty pane.
 */
const key = 'chat';

export function readSelectedChat(): string | undefined {
  if (typeof window === 'undefined') return undefined;
  return new URLSearchParams(window.location.hash.slice(1)).get(key) ?? undefined;
}

export function writeSelectedChat(chatId: string | undefined): void {
  if (typeof window === 'undefined') return;
  const params = new URLSearchParams(window.location.hash.slice(1));
  if (chatId === undefined) params.delete(key);
  else params.set(key, chatId);
  const hash = params.toString();
  // replaceState: switching chats must not fill the back button's history.
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`);
}
