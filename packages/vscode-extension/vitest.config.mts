import { defineConfig } from 'vitest/config';

// The plain test run stays fast: the end-to-end suite (a real VS Code) runs with `pnpm test:e2e`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
  },
});
