import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/web/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // The WASM module is compiled once per worker; two cores, two workers.
    pool: 'forks',
    maxWorkers: 2,
  },
});
