import { defineConfig } from 'tsdown';
import { library } from '../../scripts/build/library';

// cli.js is what bin/parley-server.js runs once installed (plain node, no tsx). store/pgliteWorker.js
// is the PGlite worker thread's entry: nothing imports it, the store starts it by its URL.
export default defineConfig(
  library({ entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'store/pgliteWorker': 'src/store/pgliteWorker.ts' }, platform: 'node' }),
);
