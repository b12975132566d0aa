// The web server of the checks: a built site at / and under a sub-path, as a reader meets it.
//
// A folder answers with its index.html (and a 301 to the address with a slash); a missing
// file gets 404.html with status 404, as GitHub Pages does; HEAD gets the headers alone.
// Only what is under the site folder is ever served.

import fs from 'node:fs';
import path from 'node:path';

export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.webmanifest': 'application/manifest+json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// What a site-relative path (decoded, no leading slash) names on disk under root (a real path).
export function siteFile(root, rel) {
  const p = path.resolve(root, '.' + path.sep + rel);
  if (p !== root && !p.startsWith(root + path.sep)) return { status: 'outside' };
  let st;
  try { st = fs.statSync(p); } catch { return { status: 'missing', file: p }; }
  if (st.isDirectory()) {
    const idx = path.join(p, 'index.html');
    return fs.existsSync(idx) ? { status: 'dir', file: idx } : { status: 'missing', file: idx };
  }
  return { status: 'file', file: p };
}

// A file with its type and length; the headers alone for HEAD.
function send(req, res, status, file, headers) {
  res.writeHead(status, { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': fs.statSync(file).size, ...headers });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}

// The request handler serving root at / and at subPath ('/thi-dua/').
export function siteHandler(root, subPath) {
  return (req, res) => {
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    const rel = pathname.startsWith(subPath) ? pathname.slice(subPath.length) : pathname.slice(1);
    const t = siteFile(root, rel);
    if (t.status === 'dir' && !pathname.endsWith('/')) { res.writeHead(301, { Location: pathname + '/' }).end(); return; }
    if (t.status === 'file' || t.status === 'dir') { send(req, res, 200, t.file, { 'Cache-Control': 'no-store' }); return; }
    const nf = path.join(root, '404.html');
    if (fs.existsSync(nf)) send(req, res, 404, nf, {});
    else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  };
}
