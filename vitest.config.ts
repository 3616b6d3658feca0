import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'main/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // Timeouts here only catch a hang; they say nothing about speed. Many tests train or run real
    // networks on the cpu backend, and a busy 2-core machine (scripts/test-under-load.js) runs
    // them several times slower than a quiet one, so the guards are generous.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
