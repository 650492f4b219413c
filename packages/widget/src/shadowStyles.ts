/**
 * Styles go into the shadow root as constructable stylesheets: they are not subject to the host's
 * `style-src` CSP (no `unsafe-inline` needed) and nothing leaks to or from the host page. Browsers
 * without them (and jsdom) get a `<style>` element instead.
 */
export function adoptStyles(root: ShadowRoot, cssText: string): () => void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    };
  }
  const style = document.createElement('style');
  style.textContent = cssText;
  root.append(style);
  return () => style.remove();
}

/**
 * The host element resets everything it could inherit from the page or be given by it: `all: initial`
 * sets every property (size, margin, border, background, opacity, transform …) to its initial value,
 * and `!important` inside the shadow tree beats the page's own `!important` rules on the host (the
 * cascade's shadow-context rule). Only what differs from the initial values is written out.
 */
export const hostCss = `:host{all:initial!important;display:block!important;position:relative!important}:host(:not([data-inline])){position:fixed!important;right:20px!important;bottom:20px!important;z-index:2147483000!important}:host([data-fill]){inset:0!important}:host([data-launcher-hidden]) .parley-boot,:host([data-launcher-hidden]) .parley-launcher{display:none!important}`;

/** The loader's launcher: the same look as `@parley/ui`'s `Launcher`, before React arrives (an icon, so no font). */
export const launcherCss = `.parley-boot{display:grid;place-items:center;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:#2f5bea;color:#fff;box-shadow:0 8px 32px rgb(0 0 0/.18);cursor:pointer}.parley-boot:focus-visible{outline:2px solid #2f5bea;outline-offset:2px}`;

export const chatIconSvg =
  '<svg width="26" height="26" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
