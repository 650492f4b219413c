// One lint config for the whole workspace. Type-aware rules stay off: `pnpm typecheck` owns types,
// and keeping lint syntactic keeps it fast enough to run on every test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'storybook-static/**', '.parley/**', 'coverage/**'] },
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
);
