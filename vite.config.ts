import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The React major a react project runs on (read by packages/react/src/reactVersion.test.tsx). */
    reactMajor: number;
  }
}

// Packages export `src/` under this condition, so tests and dev servers never need a build first.
const sourceCondition = 'parley-source';

function packageProject(name: string, environment: 'node' | 'jsdom' = 'node'): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name,
      root: `packages/${name}`,
      environment,
      include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
      // Integration tests boot real servers (PGlite takes seconds to open): generous, not tight, limits.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      typecheck: {
        enabled: true,
        include: ['src/**/*.test-d.ts'],
        tsconfig: './tsconfig.json',
      },
    },
  };
}

/** React Testing Library cleans up through a global `afterEach`; vitest globals are off, so a setup file does it. */
function withSetup(project: TestProjectInlineConfiguration, setupFile: string): TestProjectInlineConfiguration {
  return { ...project, test: { ...project.test, setupFiles: [setupFile] } };
}

/**
 * A project on React 18, from the root's `react-18` / `react-dom-18` npm aliases. Exact matches, so
 * `react-dom` keeps off `react-dom/client`. The setup file does the same for the CommonJS packages Node
 * loads itself (packages/react/src/test/react18.ts).
 */
function onReact18(project: TestProjectInlineConfiguration): TestProjectInlineConfiguration {
  return {
    ...project,
    resolve: {
      alias: [
        ['react', 'react-18/index.js'],
        ['react/jsx-runtime', 'react-18/jsx-runtime.js'],
        ['react/jsx-dev-runtime', 'react-18/jsx-dev-runtime.js'],
        ['react-dom', 'react-dom-18/index.js'],
        ['react-dom/client', 'react-dom-18/client.js'],
        ['react-dom/server', 'react-dom-18/server.js'],
        ['react-dom/test-utils', 'react-dom-18/test-utils.js'],
      ].map(([specifier, target]) => ({ find: new RegExp(`^${specifier}$`), replacement: fileURLToPath(new URL(`node_modules/${target}`, import.meta.url)) })),
    },
    test: {
      ...project.test,
      // zustand's ESM build is loaded by Node unless inlined, and Node would hand it React 19;
      // CommonJS packages (react-dom 18 itself) are redirected by the setup file.
      server: { deps: { inline: ['zustand'] } },
      setupFiles: [fileURLToPath(new URL('packages/react/src/test/react18.ts', import.meta.url)), ...[project.test?.setupFiles ?? []].flat()],
      provide: { reactMajor: 18 },
    },
  };
}

/** The message list's rows without a virtualizer, as the widget's build has them (scripts/build/flowMessageList.ts). */
function withFlowRows(project: TestProjectInlineConfiguration): TestProjectInlineConfiguration {
  const aliases = project.resolve?.alias;
  const flowRows = fileURLToPath(new URL('packages/ui/src/components/MessageList/useFlowRows.ts', import.meta.url));
  return {
    ...project,
    resolve: { ...project.resolve, alias: [...(Array.isArray(aliases) ? aliases : []), { find: /^\.\/useChatVirtualizer$/, replacement: flowRows }] },
  };
}

export default defineConfig({
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
  test: {
    projects: [
      packageProject('protocol'),
      packageProject('engine'),
      // Fails the run when a test leaves a process it spawned running (test/leftovers.globalSetup.ts);
      // runs PGlite's initdb once for the suites' data directories (test/pgliteTemplate.globalSetup.ts).
      { ...packageProject('server'), test: { ...packageProject('server').test, globalSetup: ['test/leftovers.globalSetup.ts', 'test/pgliteTemplate.globalSetup.ts'] } },
      packageProject('core'),
      // The React major each react project runs on, checked by reactVersion.test.tsx.
      { ...packageProject('react', 'jsdom'), test: { ...packageProject('react', 'jsdom').test, provide: { reactMajor: 19 } } },
      withSetup(packageProject('ui', 'jsdom'), './src/test/setup.ts'),
      // The react package's tests again on React 18 (its peer range's floor).
      onReact18({ ...packageProject('react', 'jsdom'), test: { ...packageProject('react', 'jsdom').test, name: 'react18' } }),
      withSetup(packageProject('console', 'jsdom'), './src/test/setup.ts'),
      // The widget's prebuilt files bundle React 18.3 (scripts/build/bundledReact.ts) and the message
      // list without a virtualizer (scripts/build/flowMessageList.ts): its tests run on the same.
      withFlowRows(onReact18(packageProject('widget', 'jsdom'))),
      {
        // Widget and console in Debian's Chromium against a real server (built once in globalSetup).
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/globalSetup.ts', 'packages/server/test/pgliteTemplate.globalSetup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Every story rendered as a test (portable stories), so a broken story fails `pnpm test`.
        extends: true,
        test: {
          name: 'storybook',
          root: '.',
          environment: 'jsdom',
          include: ['stories/**/*.test.tsx'],
          setupFiles: ['stories/setup.ts'],
        },
      },
    ],
  },
});
