// One lint config for the whole workspace. Type-aware rules stay off: `pnpm typecheck` owns types,
// and keeping lint syntactic keeps it fast enough to run on every test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'storybook-static/**', '.parley/**', 'coverage/**', 'docs/api/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Write named exports in index.ts; no `export *` barrels.' },
      ],
    },
  },
  {
    // React code runs in the browser; the hooks rules (and the compiler's checks) catch stale
    // closures and render-time side effects that tests rarely reach.
    files: ['packages/ui/**/*.{ts,tsx}', 'packages/react/**/*.{ts,tsx}', 'packages/widget/**/*.{ts,tsx}', 'packages/console/**/*.{ts,tsx}', 'stories/**/*.{ts,tsx}', '.storybook/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // protocol and engine run in browsers and in Node alike: no platform imports.
    files: ['packages/protocol/src/**/*.ts', 'packages/engine/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-d.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'protocol and engine must stay free of Node APIs.' },
            { group: ['@parley/server', '@parley/core', '@parley/react', '@parley/ui', '@parley/widget', '@parley/console'], message: 'Dependencies point one way: protocol ← engine ← server.' },
          ],
        },
      ],
    },
  },
  {
    // Scripts served to the browser as they are (end-to-end test pages).
    files: ['e2e/fixtures/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
