import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page lives in web/; the WASM module is built into build/wasm and imported by alias.
export const wasmModule = fileURLToPath(new URL('./build/wasm/layerlab.mjs', import.meta.url));

export default defineConfig({
  root: 'web',
  base: './',
  resolve: { alias: { 'layerlab-wasm': wasmModule } },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  preview: { port: 4173, strictPort: true, host: 'localhost' },
  // The values worker is an ES module (new Worker(..., { type: 'module' })), like the page.
  worker: { format: 'es' },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
});
