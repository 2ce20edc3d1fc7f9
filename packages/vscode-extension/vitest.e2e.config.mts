import { defineConfig } from 'vitest/config';

// The end-to-end suite: a real code-server driven by Chromium. One file at a time (each starts its own
// code-server), generous timeouts for cold starts on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['verbose'],
  },
});
