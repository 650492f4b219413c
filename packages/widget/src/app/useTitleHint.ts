import { useEffect } from 'react';

/**
 * While the panel is closed and messages wait unread, the page title says so (a visitor in another
 * tab sees it); the host's own title comes back as soon as they are read or the widget goes away.
 */
export function useTitleHint(unread: number, open: boolean, hint: (unread: number) => string): void {
  const show = !open && unread > 0;
  useEffect(() => {
    if (!show) return;
    const original = document.title;
    const prefix = hint(unread);
    document.title = prefix + original;
    return () => {
      // The host may have changed its title meanwhile: only take back our own prefix.
      document.title = document.title.startsWith(prefix) ? document.title.slice(prefix.length) : document.title;
    };
  }, [show, unread, hint]);
}
