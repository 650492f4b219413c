import { cp, rm, stat } from 'node:fs/promises';
import { defineConfig } from 'tsdown';
import { library } from '../../scripts/build/library';

const consoleBuild = new URL('../console/dist/', import.meta.url);
const bundledConsole = new URL('./dist/console/', import.meta.url);

/**
 * The agent console goes into the package (dist/console/, served at /console/ by the CLI): an npm
 * user's server opens its first-run link and its desk with nothing else to install. `prepack` builds
 * the console first and requires it here; a workspace build copies whatever console build exists (the
 * workspace's own `pnpm start` mounts packages/console/dist itself). Copied without source maps.
 */
async function bundleConsole(): Promise<void> {
  const built = await stat(new URL('index.html', consoleBuild)).catch(() => undefined);
  if (!built) {
    // Not a devDependency (that made a cycle through @parley/core's tests), so nothing orders the builds.
    if (process.env.npm_lifecycle_event === 'prepack') throw new Error('packages/console/dist is missing: build the console first (pnpm --filter @parley/console build)');
    return;
  }
  await rm(bundledConsole, { recursive: true, force: true });
  await cp(consoleBuild, bundledConsole, { recursive: true, filter: (source) => !source.endsWith('.map') });
}

// cli.js is what bin/parley-server.js runs once installed (plain node, no tsx). store/pgliteWorker.js
// is the PGlite worker thread's entry: nothing imports it, the store starts it by its URL.
export default defineConfig({
  ...library({ entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'store/pgliteWorker': 'src/store/pgliteWorker.ts' }, platform: 'node' }),
  onSuccess: bundleConsole,
});
