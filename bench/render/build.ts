// Builds the bench page (bench/render/page) with Vite's JS API: production mode, workspace packages
// resolved to their source (the `parley-source` condition, as in development), React's profiling
// build so <Profiler> reports in production.
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build, defaultClientConditions } from 'vite';
import { repoRoot } from '../lib/child';
import type { ListName } from './protocol';

export const pageRoot = join(repoRoot, 'bench', 'render', 'page');

/** Writes `<list>.html` and its assets for every list into `outDir`. */
export async function buildPage(outDir: string, lists: readonly ListName[]): Promise<void> {
  await build({
    configFile: false,
    envDir: false,
    root: pageRoot,
    publicDir: false,
    mode: 'production',
    logLevel: 'warn',
    plugins: [react()],
    resolve: {
      conditions: ['parley-source', ...defaultClientConditions],
      // Exact match: react-dom itself (flushSync, shared internals) stays what it is.
      alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }],
    },
    build: {
      outDir,
      emptyOutDir: true,
      reportCompressedSize: false,
      rolldownOptions: { input: Object.fromEntries(lists.map((list) => [list, join(pageRoot, `${list}.html`)])) },
    },
  });
}
