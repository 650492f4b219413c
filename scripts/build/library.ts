// The one build every library package shares: tsdown (Rolldown + rolldown-plugin-dts), ESM with
// bundled `.d.ts`, one file per entry. Relative imports disappear into the bundle, so the output
// resolves under node16/nodenext ESM whatever the source's import specifiers look like.
import type { UserConfig } from 'tsdown';

export interface LibraryOptions {
  /** Output name (without extension) → source file. */
  entry: Record<string, string>;
  /** Entries that start with `'use client'` (React components and hooks, for React Server Components). */
  useClient?: string[];
  platform?: 'node' | 'neutral' | 'browser';
  /**
   * Workspace packages whose types are inlined into this package's `.d.ts` (only ever imported as
   * types here, so they need not be a dependency).
   */
  inlineTypesOf?: string[];
  /** Files copied into dist/ as they are (the UI's stylesheet). */
  copy?: Array<{ from: string; to: string }>;
}

export function library({ entry, useClient = [], platform = 'neutral', inlineTypesOf = [], copy = [] }: LibraryOptions): UserConfig {
  return {
    entry,
    format: 'esm',
    platform,
    target: 'es2022',
    outDir: 'dist',
    clean: true,
    // `.js` / `.d.ts` next to `"type": "module"`, as the package.json `exports` name them.
    fixedExtension: false,
    hash: false,
    dts: { tsconfig: 'tsconfig.json' },
    deps: { alwaysBundle: inlineTypesOf },
    outputOptions: {
      // Shared code between entries goes to one chunk (dist/chunks/…), named deterministically.
      chunkFileNames: 'chunks/[name].js',
      banner: (chunk) => (chunk.isEntry && useClient.includes(chunk.name) ? "'use client';" : ''),
    },
    copy: copy.map(({ from, to }) => ({ from, to })),
    logLevel: 'warn',
    // dts generation runs the TypeScript compiler: slow by design, not worth a warning per build.
    checks: { pluginTimings: false },
  };
}
