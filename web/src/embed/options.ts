// The embed options moved to share/embed-options.ts (pure, so views may import them);
// this stays only for the files still importing the old path (views/app-shell.ts, main.ts).
export * from '../share/embed-options.ts';
