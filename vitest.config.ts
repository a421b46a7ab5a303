import { defineConfig } from 'vitest/config';
import { wasmModule } from './vite.config.ts';

export default defineConfig({
  resolve: { alias: { 'layerlab-wasm': wasmModule } },
  test: {
    include: ['tests/web/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // The WASM module is compiled once per worker; two cores, two workers.
    pool: 'forks',
    maxWorkers: 2,
  },
});
