import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@readin/source'] },
  ssr: { resolve: { conditions: ['@readin/source'], externalConditions: ['@readin/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    pool: 'threads',
    setupFiles: ['test/setup-fast-check.ts'],
  },
});
