// The one build every library package shares: tsdown (Rolldown + rolldown-plugin-dts), ESM and
// `.d.ts`, one output module per source module (`unbundle`). Per-module output keeps `sideEffects:
// false` meaningful: an app's bundler drops whole modules it does not use (the zod schemas when only
// the error codes are imported), which one bundled file per entry defeated (core measured 116 kB gzip
// bundled, 22 kB unbundled). tsdown writes relative specifiers with their `.js` extension in both the
// `.js` and the `.d.ts`, so the output resolves under node16/nodenext ESM whatever the source says.
import type { UserConfig } from 'tsdown';

export interface LibraryOptions {
  /** Output name (without extension) → source file. */
  entry: Record<string, string>;
  /**
   * Every module starts with `'use client'` (React components and hooks): a Server Component may
   * import the package directly, and what it imports is client code, whichever file a bundler enters by.
   */
  useClient?: boolean;
  platform?: 'node' | 'neutral' | 'browser';
  /**
   * Workspace packages whose types are inlined into this package's `.d.ts` (only ever imported as
   * types here, so they need not be a dependency).
   */
  inlineTypesOf?: string[];
  /** Files copied into dist/ as they are (the UI's stylesheet). */
  copy?: Array<{ from: string; to: string }>;
}

export function library({ entry, useClient = false, platform = 'neutral', inlineTypesOf = [], copy = [] }: LibraryOptions): UserConfig {
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
    unbundle: true,
    dts: { tsconfig: 'tsconfig.json' },
    deps: { alwaysBundle: inlineTypesOf },
    outputOptions: {
      banner: (chunk) => (useClient && !chunk.fileName.endsWith('.d.ts') ? "'use client';" : ''),
    },
    copy: copy.map(({ from, to }) => ({ from, to })),
    logLevel: 'warn',
    // dts generation runs the TypeScript compiler: slow by design, not worth a warning per build.
    checks: { pluginTimings: false },
  };
}
