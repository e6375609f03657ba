import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidatorApi } from './types.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Same-origin only: the dashboard loads nothing from elsewhere and no inline script can run. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));

/** The dashboard's files (html, css, js, svg), read once: the set of servable paths is fixed at start. */
function loadFiles(dir: string): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name}`, { type, body: readFileSync(join(dir, name)) });
  }
  return files;
}

/** Serves the dashboard at / (index.html) and its assets at /<file>. */
export function registerDashboard(app: ValidatorApi, dir = DASHBOARD_DIR): void {
  const files = loadFiles(dir);
  const index = files.get('/index.html');
  for (const [path, file] of files) {
    const urls = file === index ? ['/', path] : [path];
    for (const url of urls) {
      app.get(url, (_req, reply) =>
        reply
          .type(file.type)
          .header('cache-control', 'no-cache')
          .header('content-security-policy', CSP)
          .header('referrer-policy', 'no-referrer')
          .send(file.body),
      );
    }
  }
}
