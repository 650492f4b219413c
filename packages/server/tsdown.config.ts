import { defineConfig } from 'tsdown';
import { library } from '../../scripts/build/library';

// cli.js is what bin/parley-server.js runs once installed (plain node, no tsx).
export default defineConfig(library({ entry: { index: 'src/index.ts', cli: 'src/cli.ts' }, platform: 'node' }));
