/** @type {import('next').NextConfig} */
export default {
  // The consumer test type-checks with tsc itself; keep next build from looking for a workspace root
  // above the temporary folder.
  outputFileTracingRoot: import.meta.dirname,
  turbopack: { root: import.meta.dirname },
};
