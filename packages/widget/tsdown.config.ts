import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';
import type { UserConfig } from 'tsdown';
import { bundledReact } from '../../scripts/build/bundledReact';
import { flowMessageList } from '../../scripts/build/flowMessageList';
import { inlineCss } from '../../scripts/build/inlineCss';
import { library } from '../../scripts/build/library';
import { widgetAssets } from '../../scripts/build/widgetAssets';
import { websocketOnly } from '../../scripts/build/websocketOnly';

const assets = widgetAssets();
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The widget's two browser files, each one self-contained minified file a browser loads as is (no
 * bundler of the host's in between), plus the types for bundlers:
 *
 *   parley-widget.js      the script-tag loader, an IIFE: one request, no imports
 *   parley-widget.esm.js  the full widget as one ES module with React, the UI and the client inside
 *                         (what the loader imports on idle, and the package's main file)
 *   index.d.ts            `mount` and the options, for `import { mount } from '@parley/widget'`
 */
// websocketOnly: engine.io-client without its polling and WebTransport code; the widget's client asks
// for `transports: ['websocket']` (src/app/visitorSession.ts). bundledReact: React 18.3 inside (smaller
// than 19; scripts/build/bundledReact.ts). flowMessageList: the message list without a virtualizer (a
// visitor's chat is short; scripts/build/flowMessageList.ts).
const browserPlugins = [bundledReact(), flowMessageList(), inlineCss(), websocketOnly()];

const browserFile: UserConfig = {
  platform: 'browser',
  target: 'es2022',
  outDir: 'dist',
  fixedExtension: false,
  hash: false,
  minify: true,
  sourcemap: true,
  dts: false,
  define: {
    __PARLEY_VERSION__: JSON.stringify(version),
    // React's production build: the file goes to browsers, not through the host's bundler.
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  // Everything inside, the workspace packages from their source (the `parley-source` condition), so
  // the file needs nothing else built or installed.
  deps: { alwaysBundle: [/./], onlyBundle: false },
  inputOptions: {
    resolve: { conditionNames: ['parley-source', 'browser', 'import', 'module', 'default'] },
    transform: { jsx: { runtime: 'automatic', development: false } },
  },
  // One file each: the loader must be a single request, and the app a single import().
  outputOptions: { codeSplitting: false },
  plugins: browserPlugins,
  logLevel: 'warn',
  checks: { pluginTimings: false },
};

// The two string types it takes from @parley/ui are inlined: the prebuilt widget needs no
// @parley/ui installed.
const types = library({ entry: { index: 'src/index.ts' }, platform: 'browser', inlineTypesOf: ['@parley/ui'] });

export default defineConfig([
  {
    ...browserFile,
    entry: { 'parley-widget.esm': 'src/index.ts' },
    format: 'esm',
    clean: true,
    // The app under its content hash (cached for a year), plus parley-widget.esm.js re-exporting it for
    // bundlers and `main` (scripts/build/widgetAssets.ts).
    plugins: [...browserPlugins, assets.hashedApp()],
    // One import() for the app; then, for a visitor who reads German, French or Spanish, that
    // translation's small chunk (locales/de-<hash>.js), fetched before the first render, and
    // socket.io-client (chunks/), which @parley/core imports when the first chat connects.
    outputOptions: {
      entryFileNames: '[name]-[hash].js',
      chunkFileNames: (chunk) => (/^(de|fr|es)$/.test(chunk.name) ? 'locales/[name]-[hash].js' : 'chunks/[name]-[hash].js'),
    },
  },
  {
    ...browserFile,
    entry: { 'parley-widget': 'src/loader.ts' },
    format: 'iife',
    clean: false,
    // Imports the hashed app; once both are written, every script gets its .br and .gz beside it.
    plugins: [...browserPlugins, assets.loaderAppUrl()],
    // The name hosts paste into their pages: tsdown would add `.iife`.
    outputOptions: { codeSplitting: false, entryFileNames: '[name].js' },
  },
  { ...types, clean: false, dts: { tsconfig: 'tsconfig.json', emitDtsOnly: true } },
]);
