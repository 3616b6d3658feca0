import { defineConfig } from 'vite';

// The renderer as static files for Electron's app:// protocol and the browser-mode server.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../build/renderer',
    emptyOutDir: true,
    // One file per chunk, no inline scripts: the Content Security Policy allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // MUI marks its modules 'use client' for React Server Components, which a desktop app has none of.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
