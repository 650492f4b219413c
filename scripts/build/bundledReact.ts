// The widget's prebuilt files carry their own React (the host page needs none). Which React they carry is
// the widget's choice alone: @parley/ui and @parley/react keep their peer range `^18.2.0 || ^19.0.0` for
// apps that bring their own. React 18.3's react-dom is ~20 KB gzip smaller than React 19's, so the
// widget bundles React 18.3, from its `react-18` / `react-dom-18` npm aliases (its devDependencies).
// The widget's tests run on the same React (vite.config.ts, the widget project).
import { fileURLToPath } from 'node:url';
import type { Rolldown } from 'tsdown';

/** `react`, `react-dom` and their subpaths (`react/jsx-runtime`, `react-dom/client`), in the aliases' names. */
export function bundledReactSpecifier(source: string): string | undefined {
  const match = /^(react|react-dom)(\/.*)?$/.exec(source);
  return match ? `${match[1]}-18${match[2] ?? ''}` : undefined;
}

// Resolved from the widget's package, where the aliases are installed.
const widgetPackage = fileURLToPath(new URL('../../packages/widget/package.json', import.meta.url));

/**
 * Every import of React in the bundle — the widget's, the UI's, react-dom 18's own `require('react')`
 * (which pnpm links to the workspace's React 19, its peer) — goes to React 18.3, so the file holds one React.
 */
export function bundledReact(): Rolldown.Plugin {
  return {
    name: 'parley:bundled-react-18',
    async resolveId(source) {
      const alias = bundledReactSpecifier(source);
      if (alias === undefined) return null;
      const resolved = await this.resolve(alias, widgetPackage, { skipSelf: true });
      if (!resolved) throw new Error(`widget build: ${alias} is not installed in packages/widget (its devDependencies)`);
      return resolved;
    },
  };
}
