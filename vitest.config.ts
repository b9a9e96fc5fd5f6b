import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e tests start their own Chromium; run files one at a time on this 2-core machine.
    fileParallelism: false,
    reporters: ['default'],
  },
});

// vitest loads the config's default export; this is the one place a default export is required.
// eslint-disable-next-line no-restricted-syntax
export default config;
