import { useSyncExternalStore } from 'react';

/** Below this viewport width the open panel takes the whole screen, as messengers do on phones. */
export const fullScreenQuery = '(max-width: 479.98px)';

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(fullScreenQuery);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/** Whether the viewport is phone-sized right now (follows rotation and resizing). */
export function useFullScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(fullScreenQuery).matches,
    () => false,
  );
}
