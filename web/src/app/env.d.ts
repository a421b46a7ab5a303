// The part of Vite's import.meta.env the page reads (vite/client's types are not loaded).
interface ImportMetaEnv {
  readonly DEV: boolean;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

// Vite's "?worker&url" import: the URL of the bundled worker script (vite/client's types are not loaded).
declare module '*?worker&url' {
  const url: string;
  export default url;
}
