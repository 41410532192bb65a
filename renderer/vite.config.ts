/// <reference types="node" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The web-mode till server the dev server forwards /api to (the shell's default port). */
const apiTarget = process.env.TILL_API ?? 'http://127.0.0.1:5174';

export default defineConfig({
  root,
  // Relative asset URLs, so Electron can load the build from file:// as well as over HTTP.
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry /*#__PURE__*/ notes Rollup cannot place; harmless, and noise in every build.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
