import Module, { createRequire } from 'node:module';

/**
 * Setup of the `react18` test project (vite.config.ts): this package's tests again on React 18, the
 * floor of its peer range, from the workspace's `react-18` / `react-dom-18` npm aliases.
 *
 * The project's `resolve.alias` points `react*` imports at them in everything Vite transforms (our
 * sources, inlined dependencies). CommonJS packages that Node loads itself never see those aliases:
 * `@testing-library/react`, and `react-dom@18` above all, whose own `require('react')` pnpm resolved
 * to React 19 (its peer is satisfied by the root's `react`). Node's resolver gets the same mapping,
 * so a test never runs two Reacts at once.
 */
const require = createRequire(import.meta.url);
const roots: Record<string, string> = {
  react: require.resolve('react-18/package.json').replace(/package\.json$/, ''),
  'react-dom': require.resolve('react-dom-18/package.json').replace(/package\.json$/, ''),
};

function redirect(request: string): string {
  const [, name, subpath] = /^(react|react-dom)(\/.*)?$/.exec(request) ?? [];
  const root = name === undefined ? undefined : roots[name];
  return root === undefined ? request : root + (subpath ?? '').replace(/^\//, '');
}

// Node's CommonJS resolver is not part of its typed API; `module-alias` and friends hook the same function.
const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolveFilename = resolver._resolveFilename;
resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return resolveFilename.call(this, redirect(request), ...rest);
};
