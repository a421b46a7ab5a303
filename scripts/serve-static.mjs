// A minimal static file server for the built site (dist/), used by browser tests and for a
// quick local check of `npm run build`: node scripts/serve-static.mjs [dir] [--port N]
// [--base /sub/path/] [--csp]. It serves .wasm as application/wasm, never lists directories,
// refuses paths outside the folder, and can mount the site under a sub-path (to prove the
// build uses relative URLs) and send the strict Content-Security-Policy the page must obey.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Starts serving `dir`. Options: port (0 = any free port), base ('/' or '/sub/path/'),
 * headers (extra response headers, e.g. { 'Content-Security-Policy': STRICT_CSP }).
 * Resolves to { server, url } where url is the site's root URL including the base.
 */
export function serveStatic(dir, { port = 0, base = '/', headers = {} } = {}) {
  const root = resolve(dir);
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolveStart) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolveStart({ server, url: `http://localhost:${actual}${prefix}` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const dir = args[0] && !args[0].startsWith('--') ? args[0] : 'dist';
  const headers = args.includes('--csp') ? { 'Content-Security-Policy': STRICT_CSP } : {};
  const { url } = await serveStatic(dir, { port: Number(option('--port', 4173)), base: option('--base', '/'), headers });
  console.log(`serving ${dir} at ${url}${headers['Content-Security-Policy'] ? ' with a strict CSP' : ''}`);
}
