import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

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

export default defineConfig({
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
  test: {
    projects: [
      packageProject('protocol'),
      packageProject('engine'),
      packageProject('server'),
      packageProject('core'),
      packageProject('react', 'jsdom'),
      withSetup(packageProject('ui', 'jsdom'), './src/test/setup.ts'),
      withSetup(packageProject('console', 'jsdom'), './src/test/setup.ts'),
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
