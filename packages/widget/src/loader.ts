/*
 * parley-widget.js — the script tag hosts paste. Kept tiny on purpose: it draws the launcher, defines
 * `Parley` and `<parley-chat>`, and loads the full widget (parley-widget.esm.js, next to this file)
 * on idle or on the first click.
 *
 *   <script src="https://chat.example.com/widget/parley-widget.js" data-room="support" async></script>
 */
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

async function loadApp(): Promise<AttachApp> {
  const module = (await import(/* @vite-ignore */ appUrl)) as { attachApp: AttachApp };
  return module.attachApp;
}

function mount(options: Partial<WidgetOptions>): WidgetHandle {
  return mountShell(resolveOptions(options), loadApp);
}

interface ParleyGlobal {
  mount: typeof mount;
  version: string;
}
const globals = window as unknown as { Parley?: ParleyGlobal };
// The page's one global. A second copy of the script reuses the first.
globals.Parley ??= { mount, version: __PARLEY_VERSION__ };
defineParleyChat(mount);

if (script?.hasAttribute('data-room') || script?.hasAttribute('data-server')) {
  const options = optionsFromAttributes(script, new URL(base).origin);
  const start = () => mount(options);
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
