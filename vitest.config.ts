import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Build tests run Astro, which writes shared state (.astro/): test files run one at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // The JSON report is what .ci/run reads for its totals line.
    reporters: ['default', ['json', { outputFile: 'test/.out/vitest.json' }]],
  },
});
