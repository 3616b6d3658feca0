import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/common/security.js';

/**
 * The CSP also as a <meta> tag in index.html, so it holds even where a server forgets the header
 * (frame-ancestors only works as a header, so it is left out of the tag).
 */
function cspMetaTag(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'transfer-studio-csp',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// The renderer as static files for Electron's app:// protocol and the browser-mode server.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [cspMetaTag()],
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
