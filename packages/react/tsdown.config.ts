import { defineConfig } from 'tsdown';
import { library } from '../../scripts/build/library';

export default defineConfig(library({ entry: { index: 'src/index.ts' }, useClient: true }));
