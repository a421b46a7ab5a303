// The part of Vite's import.meta.env the page reads (vite/client's types are not loaded).
interface ImportMetaEnv {
  readonly DEV: boolean;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
