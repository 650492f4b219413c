import type { WidgetHandle } from '../handle';
import type { WidgetOptions } from '../options';

/** What the pop-out window's loader defines: the same `Parley` global as on the host page. */
interface PopOutWindow extends Window {
  Parley?: { mount(options: Partial<WidgetOptions>): WidgetHandle };
}

/**
 * Puts the chat into the window the shell opened for it (`popOut()`). The window starts as
 * `about:blank`, which shares the page's origin and so its storage: the widget mounted there (by the
 * same loader script) resumes the very chat the page holds, over its own connection, and keeps it when
 * the page navigates away. The page's Content-Security-Policy applies there too, so nothing inline is
 * written into it.
 */
export function fillPopOut(popup: Window, options: WidgetOptions, loaderUrl: string | undefined): void {
  const target = popup as PopOutWindow;
  // Asked twice: the window already holds the chat.
  if (target.Parley || target.document.querySelector('parley-widget')) return;
  const doc = target.document;
  doc.title = options.strings?.windowLabel ?? document.title;
  const viewport = doc.createElement('meta');
  viewport.name = 'viewport';
  viewport.content = 'width=device-width, initial-scale=1';
  doc.head.append(viewport);
  if (options.lang) doc.documentElement.lang = options.lang;
  const script = doc.createElement('script');
  script.src = loaderUrl ?? options.popOutScript ?? `${options.server}/widget/parley-widget.js`;
  script.addEventListener('load', () => {
    // Plain data only: elements of this page would die with it.
    const { target: _target, ...rest } = options;
    target.Parley?.mount({ ...rest, open: true, fill: true, hideLauncher: true });
  });
  doc.head.append(script);
}
