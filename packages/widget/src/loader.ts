/*
 * parley-widget.js — the script tag hosts paste. Kept tiny on purpose: it draws the launcher, defines
 * `Parley` and `<parley-chat>`, and loads the full widget (parley-widget.esm.js, next to this file)
 * on idle or on the first click.
 *
 *   <script src="https://chat.example.com/widget/parley-widget.js" data-room="support" async></script>
 */
import { createParleyGlobal } from './globalApi';
import type { ParleyGlobal } from './globalApi';
import type { WidgetHandle } from './handle';
import type { WidgetOptions } from './options';
import { optionsFromAttributes, resolveOptions } from './options';
import { defineParleyChat } from './parleyChatElement';
import type { AttachApp } from './shell';
import { mountShell } from './shell';

// `currentScript` is only set while this file first runs: read it now, use it later.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : undefined;
const base = script?.src ? script.src : location.href;
const appUrl = new URL('parley-widget.esm.js', base).href;
const loaderUrl = new URL('parley-widget.js', base).href;

async function loadApp(): Promise<AttachApp> {
  const module = (await import(/* @vite-ignore */ appUrl)) as { attachApp: AttachApp };
  return module.attachApp;
}

function mountWidget(options: Partial<WidgetOptions>): WidgetHandle {
  return mountShell(resolveOptions(options), loadApp, { loaderUrl });
}

const globals = window as unknown as { Parley?: ParleyGlobal | { q?: unknown[] } };
// The page's one global. A second copy of the script reuses the first; a stub (the README's snippet,
// which queues calls made before this file arrived) is replaced and its queue replayed.
const existing = globals.Parley;
const parley = existing && 'mount' in existing ? existing : createParleyGlobal(mountWidget, __PARLEY_VERSION__, existing);
globals.Parley = parley;
defineParleyChat((options) => parley.mount(options));

if (script?.hasAttribute('data-room') || script?.hasAttribute('data-server')) {
  const options = optionsFromAttributes(script, new URL(base).origin);
  const start = () => parley.mount(options);
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
