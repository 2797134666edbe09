// Serves the built renderer's files; never anything outside its folder.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { imgSources } from '../../shared/map-tiles.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The same policy as the desktop window, with the WebSocket to this server allowed and
 * images from the configured tile host only. A page keeps the policy it loaded with, so a
 * new tile host applies from the next page load.
 */
export const browserCsp = (tileTemplate: string | null): string => [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src ${imgSources(tileTemplate).join(' ')}`,
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function serveStatic(root: string, pathname: string, res: http.ServerResponse, tileTemplate: string | null): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  const inside = file.startsWith(path.resolve(root) + path.sep);
  // Unknown paths get the app (client-side routes); missing assets get 404.
  const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.extname(rel) ? null : path.join(root, 'index.html');
  if (!target) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream',
    'Content-Security-Policy': browserCsp(tileTemplate),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  fs.createReadStream(target).pipe(res);
}
