// Builds <layerlab-playground> as one ES module: dist/element/layerlab-playground.js, with the
// WASM binary emitted beside it (assets/) and found relative to the module through
// import.meta.url, so the folder works from any static host and any sub-path. Run after the
// page build (which empties dist/): vite build && vite build -c vite.element.config.ts
import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';
import { wasmModule } from './vite.config.ts';

const entry = fileURLToPath(new URL('./web/src/embed/layerlab-playground.ts', import.meta.url));

/**
 * Library mode inlines every asset as a data: URL, which would put 140 KB of base64 in the
 * module and be refused under a strict CSP (connect-src falls back to 'self'). Vite's
 * "?no-inline" query keeps the .wasm a file: Emscripten's loader asks for it with
 * new URL("layerlab.wasm", import.meta.url), which this rewrites before Vite's asset plugin
 * turns it into the emitted file's URL, still relative to the module.
 */
function emitWasmBesideModule(): Plugin {
  const pattern = /new URL\((["'])layerlab\.wasm\1,\s*import\.meta\.url\)/g;
  return {
    name: 'layerlab:emit-wasm-beside-module',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(wasmModule)) return null;
      const next = code.replace(pattern, 'new URL("layerlab.wasm?no-inline", import.meta.url)');
      if (next === code) this.error('layerlab.mjs no longer loads its .wasm with new URL("layerlab.wasm", import.meta.url)');
      return { code: next, map: null };
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  publicDir: false,
  plugins: [emitWasmBesideModule()],
  // The elements' worker (embed/element-worker.ts) is a module beside the element, and loads
  // the same .wasm file (not an inlined copy).
  worker: { format: 'es', plugins: () => [emitWasmBesideModule()] },
  resolve: { alias: { 'layerlab-wasm': wasmModule } },
  build: {
    outDir: '../dist/element',
    emptyOutDir: true,
    target: 'es2022',
    lib: {
      entry,
      formats: ['es'],
      fileName: () => 'layerlab-playground.js',
    },
    // The same name the worker's bundle gives the .wasm: one file serves the worker and the
    // fallback on the page's thread, and the browser fetches it at most once.
    rollupOptions: { output: { assetFileNames: 'assets/[name]-[hash][extname]' } },
  },
});
