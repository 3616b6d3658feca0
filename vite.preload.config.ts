import { defineConfig } from 'vite';

// The Electron preload as one CommonJS file: a sandboxed preload can require only 'electron'.
export default defineConfig({
  build: {
    outDir: 'build/preload',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    lib: { entry: 'main/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rolldownOptions: { external: ['electron'] },
  },
});
