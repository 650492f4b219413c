import { useEffect } from 'react';

/**
 * Stops the host page from scrolling behind a full-screen panel (a swipe on the chat would otherwise
 * scroll the page underneath), and gives the page back exactly the overflow it had on close.
 */
export function useScrollLock(locked: boolean): void {
  useEffect(() => {
    if (!locked) return;
    const targets = [document.documentElement, document.body];
    const saved = targets.map((element) => [element.style.getPropertyValue('overflow'), element.style.getPropertyPriority('overflow')] as const);
    for (const element of targets) element.style.setProperty('overflow', 'hidden', 'important');
    return () => {
      targets.forEach((element, index) => {
        const [value, priority] = saved[index]!;
        if (value) element.style.setProperty('overflow', value, priority);
        else element.style.removeProperty('overflow');
      });
    };
  }, [locked]);
}
