import { defineConfig } from 'tsdown';
import { library } from '../../scripts/build/library';

export default defineConfig(
  library({
    entry: { index: 'src/index.ts', testing: 'src/test/layout.ts' },
    useClient: true,
    copy: [{ from: 'src/styles.css', to: 'dist' }],
  }),
);
