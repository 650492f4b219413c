import { defineConfig } from 'tsdown';
import { library } from '../../scripts/build/library';

// The widget's JavaScript is two prebuilt browser files made by Vite (vite.config.ts: the ESM app with
// React inside, the IIFE loader); this adds the bundlers' types (index.d.ts) beside them. The two
// string types it takes from @parley/ui are inlined: the prebuilt widget needs no @parley/ui installed.
const config = library({ entry: { index: 'src/index.ts' }, platform: 'browser', inlineTypesOf: ['@parley/ui'] });
export default defineConfig({ ...config, clean: false, dts: { tsconfig: 'tsconfig.json', emitDtsOnly: true } });
