/** Replaced at build time with the package version (tsdown.config.ts `define`). */
declare const __PARLEY_VERSION__: string;

/** A stylesheet as a minified string (scripts/build/inlineCss.ts in the build, Vite in tests). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
