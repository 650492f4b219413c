// The widget benchmark's in-page probe (bench/widget/speed.ts adds it with page.addInitScript, so it
// runs before any of the page's own scripts). It watches the document and the widget's shadow root
// with MutationObservers plus a requestAnimationFrame poll, and records performance.now() marks —
// milliseconds since the navigation started (performance.timeOrigin) — in window.__parleyBench.marks.
// Plain JavaScript on purpose: a function passed through tsx would carry esbuild's __name helper.
/* global window, document, MutationObserver, requestAnimationFrame */
// One global is wrapped: WebSocket, to time the visitor's socket opening (see below).
(() => {
  const config = window.__parleyBenchConfig || {};
  const message = config.message || 'Hello from Ada';
  // The mark after which nothing more is watched for (the rAF poll stops).
  const last = config.until || 'messagePainted';
  const marks = {};
  window.__parleyBench = { marks, config };

  const mark = (name) => {
    if (marks[name] === undefined) marks[name] = performance.now();
  };
  /** `<name>Painted`: a task posted from the next frame's rAF callback runs once the main thread has rendered (painted) that frame. */
  const markPainted = (name) => {
    if (marks[`${name}Painted`] !== undefined) return;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        mark(`${name}Painted`);
      };
      channel.port2.postMessage(null);
    });
  };
  const shown = (element) => {
    if (!element || !element.isConnected) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && (!element.checkVisibility || element.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
  };
  const buttonNamed = (root, name) => [...root.querySelectorAll('button')].find((button) => button.getAttribute('aria-label') === name || button.textContent.trim() === name);

  let root;
  let clickedOpen = false;
  const watchRoot = (shadowRoot) => {
    root = shadowRoot;
    mark('hostFound');
    // Capture phase on the shadow root: the click is recorded before any of the widget's own handlers run.
    root.addEventListener(
      'click',
      (event) => {
        const button = event.target instanceof window.Element ? event.target.closest('button') : null;
        if (!button) return;
        const name = button.getAttribute('aria-label') || button.textContent.trim();
        if (name === 'Open chat') mark('openClick');
        if (name === 'Start chat') mark('startClick');
      },
      true,
    );
    new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  };

  function check() {
    if (!root) {
      const host = document.querySelector('parley-widget');
      if (!host || !host.shadowRoot) return;
      watchRoot(host.shadowRoot);
    }
    if (marks.launcherVisible === undefined) {
      const launcher = root.querySelector('button[aria-label="Open chat"]');
      if (shown(launcher)) {
        mark('launcherVisible');
        markPainted('launcher');
        if (config.autoOpen && !clickedOpen) {
          // "Clicked at once": before the loader's idle callback has asked for the full widget.
          clickedOpen = true;
          marks.appRequestedBeforeClick = performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/parley-widget.esm.js')) ? 1 : 0;
          launcher.click();
        }
      }
    }
    if (marks.appRendered === undefined && root.querySelector('.parley-widget')) mark('appRendered');
    if (marks.panelShown === undefined && shown(root.querySelector('.parley-widget-panel'))) {
      mark('panelShown');
      markPainted('panel');
    }
    if (marks.startReady === undefined) {
      const start = buttonNamed(root, 'Start chat');
      if (shown(start) && !start.disabled) {
        mark('startReady');
        markPainted('start');
      }
    }
    const log = root.querySelector('[role="log"]');
    if (marks.logShown === undefined && shown(log)) mark('logShown');
    if (marks.messageShown === undefined && log && log.textContent.includes(message)) {
      mark('messageShown');
      markPainted('message');
    }
  }

  // The visitor's socket: when the first WebSocket opens (socket.io tries WebSocket first; Resource Timing does not list it).
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      mark('socketCreated');
      this.addEventListener('open', () => mark('socketOpen'), { once: true });
    }
  };

  new MutationObserver(check).observe(document, { subtree: true, childList: true });
  // The poll catches what no mutation announces (a box that appears once styles apply); it stops after the last mark.
  const poll = () => {
    check();
    if (marks[last] === undefined) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
