import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defaultClientConditions, defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Two builds into dist/: `vite build` makes the full widget as ESM (parley-widget.esm.js: React, the
 * UI, the client; what the loader imports and what bundlers use), `vite build --mode loader` makes the
 * script-tag loader as one IIFE (parley-widget.js). The `build` script runs both.
 */
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  define: {
    __PARLEY_VERSION__: JSON.stringify(version),
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  resolve: { conditions: ['parley-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: mode !== 'loader',
    target: 'es2022',
    sourcemap: true,
    copyPublicDir: false,
    lib:
      mode === 'loader'
        ? { entry: 'src/loader.ts', formats: ['iife'], name: 'ParleyLoader', fileName: () => 'parley-widget.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'parley-widget.esm.js' },
    // Library mode leaves ES output unminified by default; this file is shipped to browsers as is.
    minify: true,
    rolldownOptions: {
      // One file each: the loader must be a single request, and the app a single import().
      output: { codeSplitting: false, minify: true },
    },
  },
}));
