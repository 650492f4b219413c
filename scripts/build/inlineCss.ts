// `import css from './x.css?inline'`: the stylesheet as a minified string, the way Vite serves the
// same import in tests and stories. The widget adopts its styles into a shadow root as constructable
// stylesheets (no <link>, no inline <style>), so it needs the text, not a file beside the bundle.
import { readFile } from 'node:fs/promises';
import { transform } from 'lightningcss';
import type { Rolldown } from 'tsdown';

const suffix = '?inline';

export function inlineCss(): Rolldown.Plugin {
  return {
    name: 'parley:inline-css',
    async resolveId(source, importer) {
      if (!source.endsWith(`.css${suffix}`)) return null;
      // Resolve the stylesheet itself (package exports, conditions and all), then mark it as inline.
      const resolved = await this.resolve(source.slice(0, -suffix.length), importer, { skipSelf: true });
      if (!resolved) return null;
      return { id: `${resolved.id}${suffix}` };
    },
    async load(id) {
      if (!id.endsWith(`.css${suffix}`)) return null;
      const file = id.slice(0, -suffix.length);
      this.addWatchFile(file);
      const { code } = transform({ filename: file, code: await readFile(file), minify: true });
      return { code: `export default ${JSON.stringify(code.toString())};`, moduleType: 'js' };
    },
  };
}
