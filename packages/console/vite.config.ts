import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// In `vite dev` the console is served on its own port; REST and socket.io go to a Parley server here,
// so the page can keep talking to its own origin as it does when the server serves the built app.
const devServer = process.env.PARLEY_SERVER ?? 'http://127.0.0.1:3000';

/**
 * `vite build` writes a static app to dist/ (index.html + hashed assets) that the Parley server
 * serves at `/console/`; every asset URL is prefixed with that base.
 */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  // Workspace packages resolve to their `src/`, so nothing has to be built first.
  resolve: { conditions: ['parley-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/v1': devServer,
      '/socket.io': { target: devServer, ws: true },
    },
  },
});
