import { useCallback, useEffect, useRef } from 'react';
import type { KeyboardEvent, RefObject } from 'react';

const focusable = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The element focused in the panel's tree: inside a shadow root, `document.activeElement` is the host. */
function activeIn(node: HTMLElement): Element | null {
  const root = node.getRootNode() as Document | ShadowRoot;
  return root.activeElement;
}

/**
 * What Tab can reach in the panel: not what is not rendered (the header's minimize button outside
 * full screen, the composer's hidden file picker), where focus() does nothing; cycling to one of those
 * left Tab stuck on the last control and let Shift+Tab out to the host page.
 */
function focusablesIn(panel: HTMLElement): HTMLElement[] {
  return [...panel.querySelectorAll<HTMLElement>(focusable)].filter((element) => !element.hidden && isRendered(element));
}

/** Whether the element is rendered (jsdom has no layout and no `checkVisibility`: everything is). */
function isRendered(element: HTMLElement): boolean {
  const check = (element as { checkVisibility?: () => boolean }).checkVisibility;
  return check === undefined ? true : check.call(element);
}

/**
 * Keyboard use of the open panel, as a screen-reader user expects of a dialog: opening moves focus
 * into it (the first field, else the panel itself), Tab and Shift+Tab cycle inside it, and Escape
 * closes it and gives focus back to the launcher. Focus moves again when the panel's content changes
 * stage (the start form replacing "loading", the chat replacing the form). `close` (Escape, the
 * header's minimize button) gives focus back to the launcher when focus was in the panel.
 */
export function usePanelFocus(
  open: boolean,
  stage: string,
  hide: () => void,
): { panel: RefObject<HTMLDivElement | null>; onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void; close: () => void } {
  const panel = useRef<HTMLDivElement>(null);
  // The widget's frame, whose launcher takes focus once the panel has closed.
  const returnFocusTo = useRef<HTMLElement | null>(null);

  const close = useCallback(() => {
    const node = panel.current;
    const active = node ? activeIn(node) : null;
    returnFocusTo.current = node && active && node.contains(active) ? node.parentElement : null;
    hide();
  }, [hide]);

  useEffect(() => {
    if (open) return;
    // Only now, after the commit: full screen (a phone) hides the launcher while the panel is open,
    // and focusing it then did nothing, which dropped focus on the host page's body.
    returnFocusTo.current?.querySelector<HTMLElement>('.parley-launcher')?.focus();
    returnFocusTo.current = null;
  }, [open]);

  useEffect(() => {
    const node = panel.current;
    if (!open || !node) return;
    // The composer's message field (the header's buttons come before it), else a form's first field
    // (the offline form's Name, not its Message field below Name and Email), else the first control.
    const controls = focusablesIn(node);
    const first =
      node.querySelector<HTMLElement>('.parley-composer-input:not([disabled])') ??
      controls.find((control) => control.matches('input, textarea, select')) ??
      controls[0] ??
      node;
    first.focus();
  }, [open, stage]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const node = panel.current;
    if (!node) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusablesIn(node);
    if (items.length === 0) return;
    const active = activeIn(node);
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && (active === first || active === node)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return { panel, onKeyDown, close };
}
