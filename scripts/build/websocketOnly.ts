// engine.io-client keeps its transports in one table (`transports/index.js`: websocket, webtransport and
// HTTP long-polling) that its Socket imports whole, so a bundle carries all three even when the client
// only ever asks for `transports: ['websocket']`. This plugin gives engine.io-client's socket a table
// with the WebSocket transport alone; the code that imports it must then ask for websocket only (an
// unknown transport name would find no constructor). For the widget: ~3 KB gzip less, and no polling,
// so several server nodes need no sticky sessions for it either (DESIGN.md, scale-out).
import { dirname, join } from 'node:path';
import type { Rolldown } from 'tsdown';

const virtualId = '\0parley:engine.io-websocket-only';
const socketModule = /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/;
/**
 * The other transports. engine.io-client's index re-exports them, and polling-xhr.js runs code when it
 * is loaded (an XMLHttpRequest probe, a `pagehide` listener), so a bundler keeps it even though nothing
 * uses it: marked free of side effects, they go when unused.
 */
const otherTransports = /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/](polling[^\\/]*|webtransport)\.js$/;

export function websocketOnly(): Rolldown.Plugin {
  let websocketModule: string | undefined;
  return {
    name: 'parley:engine.io-websocket-only',
    async resolveId(source, importer) {
      if (importer && /engine\.io-client/.test(importer) && source.includes('transports/')) {
        const resolved = await this.resolve(source, importer, { skipSelf: true });
        if (resolved && otherTransports.test(resolved.id)) return { ...resolved, moduleSideEffects: false };
      }
      if (source !== './transports/index.js' || !importer || !socketModule.test(importer)) return null;
      // The browser field maps websocket.node.js to websocket.js; the browser build is what the widget ships.
      websocketModule = join(dirname(importer), 'transports', 'websocket.js');
      return { id: virtualId };
    },
    load(id) {
      if (id !== virtualId || !websocketModule) return null;
      return { code: `import { WS } from ${JSON.stringify(websocketModule)};\nexport const transports = { websocket: WS };\n`, moduleType: 'js' };
    },
  };
}
