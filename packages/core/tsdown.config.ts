import { defineConfig } from 'tsdown';
import { library } from '../../scripts/build/library';

// The local transport names the engine's types only (an app that uses it brings its own engine), so
// they are inlined into index.d.ts instead of making @parley/engine a dependency.
export default defineConfig(library({ entry: { index: 'src/index.ts', devtools: 'src/devtools.ts' }, inlineTypesOf: ['@parley/engine'] }));
