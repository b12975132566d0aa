#!/usr/bin/env node
// site-check: open a built podium site in headless Chromium and report problems.
//
//   node check.mjs SITE_DIR [--screenshots OUT_DIR] [--max-pages N] [--all]
//
// See README.md. One line per problem, then `site-check: N passed, M failed`.
// Exit 0 when nothing failed, 1 when a page has a problem, 2 on usage or internal error.

import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { siteFile, siteHandler } from './serve.mjs';

const require = createRequire(import.meta.url);
const SUB_PATH = '/thi-dua/';            // the site is also served under this prefix
const VIEWPORT = { width: 375, height: 800 };
const NAV_TIMEOUT = 20_000;              // per navigation
const AXE_TIMEOUT = 30_000;              // per axe run
const TOTAL_TIMEOUT = 15 * 60_000;       // whole run
const MAX_FILE_FOLLOW = 80;              // pages followed from index.html in file:// mode
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

// ---------------------------------------------------------------- arguments
function usage(msg) {
  if (msg) console.error(`site-check: ${msg}`);
  console.error('usage: node check.mjs SITE_DIR [--screenshots OUT_DIR] [--max-pages N] [--all]');
  process.exit(2);
}
const opts = { site: null, shots: null, maxPages: 40, all: false };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--screenshots') { opts.shots = a[++i] ?? usage('--screenshots needs a directory'); }
    else if (a[i] === '--max-pages') { opts.maxPages = Number(a[++i]); if (!(opts.maxPages > 0)) usage('--max-pages needs a number'); }
    else if (a[i] === '--all') opts.all = true;
    else if (a[i] === '-h' || a[i] === '--help') usage();
    else if (a[i].startsWith('-')) usage(`unknown option ${a[i]}`);
    else if (!opts.site) opts.site = a[i];
    else usage(`unexpected argument ${a[i]}`);
  }
  if (!opts.site) usage('SITE_DIR is required');
}
const ROOT = fs.realpathSync(path.resolve(opts.site));
if (!fs.statSync(ROOT).isDirectory()) usage(`${opts.site} is not a directory`);
if (!fs.existsSync(path.join(ROOT, 'index.html'))) usage(`${opts.site} has no index.html`);

// ---------------------------------------------------------------- results
// page key (path relative to SITE_DIR) -> Map(problem message -> Set of where it was seen)
const results = new Map();
const warnings = [];
function pageEntry(key) { if (!results.has(key)) results.set(key, new Map()); return results.get(key); }
function problem(key, where, msg) {
  const e = pageEntry(key);
  if (!e.has(msg)) e.set(msg, new Set());
  e.get(msg).add(where);
}
function warn(key, where, msg) { const s = `WARN ${key} [${where}]: ${msg}`; if (!warnings.includes(s)) warnings.push(s); }

// ---------------------------------------------------------------- site files
function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.html')) out.push(path.relative(ROOT, p).split(path.sep).join('/'));
  }
  return out;
}
const allPages = walk(ROOT).sort();

function kindOf(rel) {
  if (rel === 'index.html') return 'home';
  if (rel === '404.html') return '404';
  const seg = rel.split('/');
  if (seg.length === 1) return 'other';
  if (['groups', 'units', 'awards', 'months', 'news'].includes(seg[0])) return seg[0];
  return 'pages';
}

// A sample of at most maxPages covering every kind: round-robin over kinds, evenly spaced within a kind.
function sample(pages, max) {
  if (opts.all || pages.length <= max) return pages;
  const byKind = new Map();
  for (const p of pages) { const k = kindOf(p); if (!byKind.has(k)) byKind.set(k, []); byKind.get(k).push(p); }
  const quota = new Map([...byKind.keys()].map((k) => [k, 0]));
  let left = max;
  while (left > 0) {
    let gave = false;
    for (const [k, list] of byKind) if (left > 0 && quota.get(k) < list.length) { quota.set(k, quota.get(k) + 1); left--; gave = true; }
    if (!gave) break;
  }
  const picked = [];
  for (const [k, list] of byKind) {
    const q = quota.get(k);
    const idx = new Set(q === 1 ? [0] : Array.from({ length: q }, (_, i) => Math.round((i * (list.length - 1)) / (q - 1))));
    for (const i of idx) picked.push(list[i]);
  }
  return picked.sort();
}

// Map a site-relative path (decoded, no leading slash) to what is on disk.
const onDisk = (rel) => siteFile(ROOT, rel);

const idCache = new Map();
function hasAnchor(file, frag) {
  if (!file.endsWith('.html')) return true;
  if (!idCache.has(file)) {
    const ids = new Set();
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi)) ids.add(m[1] ?? m[2] ?? m[3]);
    idCache.set(file, ids);
  }
  return idCache.get(file).has(frag);
}

// ---------------------------------------------------------------- browser helpers
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([promise, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what} timed out after ${ms / 1000}s`)), ms); })])
    .finally(() => clearTimeout(t));
}

// Links and sub-resources as the browser resolved them.
function collectLinks() {
  const out = [];
  const sel = [['a[href]', 'href'], ['area[href]', 'href'], ['link[href]', 'href'], ['img[src]', 'src'], ['script[src]', 'src'],
    ['source[src]', 'src'], ['iframe[src]', 'src'], ['video[src]', 'src'], ['audio[src]', 'src']];
  for (const [s, attr] of sel) {
    for (const el of document.querySelectorAll(s)) {
      const raw = el.getAttribute(attr);
      let abs = null;
      try { abs = new URL(raw, document.baseURI).href; } catch { /* reported below */ }
      let fragOk = true;
      if (abs && abs.includes('#')) {
        const frag = decodeURIComponent(abs.slice(abs.indexOf('#') + 1));
        fragOk = frag === '' || frag === 'top' || !!document.getElementById(frag) || !!document.getElementsByName(frag).length;
      }
      out.push({ tag: el.tagName.toLowerCase(), attr, raw, abs, fragOk, rel: (el.getAttribute('rel') || '').toLowerCase() });
    }
  }
  return out;
}

function overflowReport() {
  const de = document.documentElement;
  const cw = de.clientWidth;
  if (de.scrollWidth <= cw) return null;
  const desc = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
    [...(el.classList || [])].slice(0, 3).map((c) => `.${c}`).join('');
  // Is el's overflow contained by an ancestor? An absolutely positioned element is only
  // clipped by ancestors from its containing block up, so it can escape a scroll container.
  const containment = (el) => {
    const cs = getComputedStyle(el);
    if (cs.position === 'fixed') return { clipped: true };
    let escaping = cs.position === 'absolute';
    let escaped = null;
    for (let p = el.parentElement; p && p !== document.body && p !== de; p = p.parentElement) {
      const ps = getComputedStyle(p);
      const isCB = ps.position !== 'static' || ps.transform !== 'none';
      if (!escaping || isCB) {
        if (ps.overflowX !== 'visible') return { clipped: true };
        if (ps.position === 'fixed') return { clipped: true };
        escaping = ps.position === 'absolute';
      } else if (ps.overflowX !== 'visible' && !escaped) escaped = p;
    }
    return { clipped: false, escaped };
  };
  const candidates = new Map();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0 && getComputedStyle(el).position !== 'absolute') continue;
    if (r.right <= cw + 1) continue;
    const c = containment(el);
    if (!c.clipped) candidates.set(el, { right: r.right, escaped: c.escaped });
  }
  const found = new Map();   // description -> { n, right }, for the outermost offenders
  for (const [el, info] of candidates) {
    let a = el.parentElement;
    while (a && !candidates.has(a)) a = a.parentElement;
    if (a) continue;
    const d = desc(el) + (info.escaped ? ` (position:absolute, escapes the scrolling ${desc(info.escaped)}: give that position:relative)` : '');
    const f = found.get(d) || { n: 0, right: 0 };
    found.set(d, { n: f.n + 1, right: Math.max(f.right, Math.round(info.right)) });
  }
  const culprits = [...found].sort((x, y) => y[1].right - x[1].right).slice(0, 4)
    .map(([d, f]) => `${f.n > 1 ? `${f.n}× ` : ''}${d} to ${f.right}px`);
  return { scrollWidth: de.scrollWidth, clientWidth: cw, culprits };
}

// The head's link-preview tags: <meta name|property=… content=…> and the canonical link.
function collectHead() {
  const metas = {};
  for (const m of document.head.querySelectorAll('meta[name], meta[property]')) {
    const k = m.getAttribute('name') || m.getAttribute('property');
    (metas[k] ||= []).push(m.getAttribute('content') ?? '');
  }
  const canonical = document.head.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  return { metas, canonical };
}

// Every page but 404.html has a description of its own and the Open Graph / Twitter card
// tags; og:url and og:image (an absolute address) exactly when base_url is set, which the
// canonical link tells. The image must be a card of this site that decodes as 1200×630.
function checkPreview(key, where, { metas, canonical }) {
  if (key === '404.html') return;
  const one = (k) => {
    const v = metas[k];
    if (!v) return null;
    if (v.length > 1) problem(key, where, `link preview: <meta ${k}> appears ${v.length} times`);
    return v[0];
  };
  const need = (k) => { const v = one(k); if (v === null || v.trim() === '') problem(key, where, `link preview: no ${k}`); return v ?? ''; };
  const description = need('description');
  if (description && description.length > 300) warn(key, where, `description of ${description.length} characters (search engines show about 160)`);
  if (need('og:description') !== description) problem(key, where, 'link preview: og:description differs from the description');
  need('og:title'); need('og:site_name');
  const type = need('og:type');
  if (type && !['website', 'article'].includes(type)) problem(key, where, `link preview: og:type "${type}"`);
  const locale = need('og:locale');
  if (locale && !/^[a-z]{2}_[A-Z]{2}$/.test(locale)) problem(key, where, `link preview: og:locale "${locale}" is not like vi_VN`);
  const card = need('twitter:card');
  const image = one('og:image');
  if (!canonical) {
    // No base_url: nothing that must be absolute.
    for (const k of ['og:url', 'og:image']) if (one(k) !== null) problem(key, where, `link preview: ${k} without base_url (no canonical link)`);
    if (card !== 'summary') problem(key, where, `link preview: twitter:card "${card}" without an image (expected summary)`);
    return;
  }
  if (one('og:url') !== canonical) problem(key, where, `link preview: og:url ${one('og:url')} is not the canonical ${canonical}`);
  if (card !== 'summary_large_image') problem(key, where, `link preview: twitter:card "${card}" with an image (expected summary_large_image)`);
  if (!image) { problem(key, where, 'link preview: no og:image although base_url is set'); return; }
  if (!/^https?:\/\//.test(image)) { problem(key, where, `link preview: og:image ${image} is not an absolute address`); return; }
  if (one('og:image:width') !== '1200' || one('og:image:height') !== '630') problem(key, where, 'link preview: og:image:width/height are not 1200×630');
  if (!one('og:image:alt')) problem(key, where, 'link preview: no og:image:alt');
  // The site's address: the canonical address without this page's folder.
  const dir = key.replace(/index\.html$/, '');
  if (!canonical.endsWith(dir)) { problem(key, where, `link preview: canonical ${canonical} does not end in ${dir}`); return; }
  const base = canonical.slice(0, canonical.length - dir.length);
  if (!image.startsWith(base)) { problem(key, where, `link preview: og:image ${image} is not on this site (${base})`); return; }
  const t = onDisk(decodeURIComponent(image.slice(base.length)));
  if (t.status !== 'file') { problem(key, where, `link preview: og:image ${image} is not a file of the site`); return; }
  const err = pngProblem(t.file, 1200, 630);
  if (err) problem(key, where, `link preview: og:image ${image}: ${err}`);
}

// Why a file is not a PNG of width × height that decodes, or null: the signature, every
// chunk's CRC, IHDR's size, and the image data inflated to exactly the rows it needs.
const pngChecked = new Map();
function pngProblem(file, width, height) {
  if (pngChecked.has(file)) return pngChecked.get(file);
  const result = (() => {
    const b = fs.readFileSync(file);
    if (b.length < 33 || !b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'not a PNG (no signature)';
    let at = 8; let ihdr = null; const idat = []; let palette = false; let end = false;
    while (at + 12 <= b.length) {
      const len = b.readUInt32BE(at);
      const type = b.toString('latin1', at + 4, at + 8);
      if (at + 12 + len > b.length) return `chunk ${type} runs past the end of the file`;
      const data = b.subarray(at + 8, at + 8 + len);
      if (zlib.crc32(b.subarray(at + 4, at + 8 + len)) !== b.readUInt32BE(at + 8 + len)) return `chunk ${type} has a wrong CRC`;
      if (type === 'IHDR') ihdr = { w: data.readUInt32BE(0), h: data.readUInt32BE(4), depth: data[8], colour: data[9], interlace: data[12] };
      else if (type === 'PLTE') palette = true;
      else if (type === 'IDAT') idat.push(data);
      else if (type === 'IEND') { end = true; break; }
      at += 12 + len;
    }
    if (!ihdr) return 'no IHDR chunk';
    if (!end) return 'no IEND chunk';
    if (ihdr.w !== width || ihdr.h !== height) return `${ihdr.w}×${ihdr.h}, not ${width}×${height}`;
    const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[ihdr.colour];
    if (!channels) return `unknown colour type ${ihdr.colour}`;
    if (ihdr.colour === 3 && !palette) return 'indexed colour without a palette';
    if (ihdr.interlace !== 0) return 'interlaced';
    let raw;
    try { raw = zlib.inflateSync(Buffer.concat(idat)); } catch (e) { return `the image data does not inflate: ${e.message}`; }
    const row = 1 + Math.ceil((ihdr.w * channels * ihdr.depth) / 8);
    if (raw.length !== row * ihdr.h) return `the image data holds ${raw.length} bytes, not ${row * ihdr.h}`;
    for (let y = 0; y < ihdr.h; y++) if (raw[y * row] > 4) return `row ${y} has an unknown filter ${raw[y * row]}`;
    return null;
  })();
  pngChecked.set(file, result);
  return result;
}

// Every share card (cards/**/*.png) decodes as a 1200×630 PNG, linked from a page or not.
function checkCards() {
  const dir = path.join(ROOT, 'cards');
  if (!fs.existsSync(dir)) { problem('cards/', 'disk', 'no share cards (cards/ is missing)'); return 0; }
  const cards = [];
  const walkPng = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walkPng(p); else cards.push(p); } };
  walkPng(dir);
  for (const file of cards.sort()) {
    const key = path.relative(ROOT, file).split(path.sep).join('/');
    pageEntry(key);
    const err = file.endsWith('.png') ? pngProblem(file, 1200, 630) : 'not a .png file';
    if (err) problem(key, 'disk', `share card: ${err}`);
  }
  if (!cards.some((f) => f.endsWith(`${path.sep}home.png`))) problem('cards/', 'disk', 'no cards/home.png');
  return cards.length;
}

const EXTERNAL_LINK_REL = /\b(stylesheet|icon|preload|modulepreload|prefetch|preconnect|dns-prefetch|manifest)\b/;

// Open one URL, collect problems. mode: 'http' or 'file'. Returns the links found.
async function visit(context, { url, key, where, expectStatus = 200, axe = true, shot = null, linkCheck, ignore = () => false, ready = null, preview = false }) {
  const page = await context.newPage();
  const blocked = new Set();
  const httpErrors = new Set();
  const pending = new Map();          // url -> message, reported unless a link on the page names the url
  let linked = new Set();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (/^Failed to load resource/.test(text)) return;          // reported as a request problem instead
    if (/ERR_BLOCKED_BY_CLIENT/.test(text)) return;
    problem(key, where, `console error: ${text.split('\n')[0].slice(0, 300)}`);
  });
  page.on('pageerror', (e) => problem(key, where, `script error: ${String(e.message || e).split('\n')[0].slice(0, 300)}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return;
    if (where === 'file' ? u.protocol !== 'file:' : (u.hostname !== '127.0.0.1')) {
      blocked.add(r.url());
      problem(key, where, `external request (the site must need no network): ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => {
    if (blocked.has(r.url()) || httpErrors.has(r.url())) return;
    if (r.frame() === page.mainFrame() && r.isNavigationRequest()) return; // reported by goto
    pending.set(r.url(), `request failed: ${shortUrl(r.url())} (${r.failure()?.errorText ?? 'failed'})`);
  });
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) return;
    if (ignore(r.url())) return;
    if (r.status() >= 400) { httpErrors.add(r.url()); pending.set(r.url(), `HTTP ${r.status()} for ${shortUrl(r.url())}`); }
  });
  try {
    let resp;
    try {
      resp = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    } catch (e) {
      problem(key, where, `page did not load: ${String(e.message).split('\n')[0]}`);
      return [];
    }
    if (resp && where !== 'file' && resp.status() !== expectStatus) problem(key, where, `HTTP ${resp.status()} for the page itself (expected ${expectStatus})`);
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    if (ready) {
      const msg = await ready(page);
      if (msg) problem(key, where, msg);
    }

    const ov = await page.evaluate(overflowReport);
    if (ov) problem(key, where, `horizontal overflow at ${VIEWPORT.width}px: scrollWidth ${ov.scrollWidth} > clientWidth ${ov.clientWidth}` +
      (ov.culprits.length ? `; sticking out: ${ov.culprits.join(', ')}` : ''));

    const links = await page.evaluate(collectLinks);
    linked = new Set(links.map((l) => l.abs));
    linkCheck(links, page.url());
    if (preview) checkPreview(key, where, await page.evaluate(collectHead));

    if (axe) {
      try {
        await page.addScriptTag({ content: axeSource });
        const res = await withTimeout(page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, n: v.nodes.length,
            target: (v.nodes[0]?.target || []).join(' '), summary: (v.nodes[0]?.failureSummary || '').split('\n').slice(1, 2).join(' ').trim() }));
        }), AXE_TIMEOUT, 'axe');
        for (const v of res) {
          const sum = v.summary.length > 200 ? `${v.summary.slice(0, 200)}…` : v.summary;
          const line = `axe ${v.impact} ${v.id}: ${v.help} — ${v.n} element(s), e.g. ${v.target}${sum ? ` (${sum})` : ''}`;
          if (v.impact === 'serious' || v.impact === 'critical') problem(key, where, line);
          else warn(key, where, line);
        }
      } catch (e) {
        problem(key, where, `axe could not run: ${String(e.message).split('\n')[0]}`);
      }
    }
    if (shot) {
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await withTimeout(page.screenshot({ path: shot, fullPage: true }), 30_000, 'screenshot').catch((e) => console.error(`site-check: screenshot ${shot}: ${e.message}`));
    }
    return links;
  } finally {
    await page.close().catch(() => {});
    for (const [u, msg] of pending) if (!linked.has(u)) problem(key, where, msg);
  }
}

let PORT = 0;
function shortUrl(u) { return u.replace(`http://127.0.0.1:${PORT}`, ''); }

// Link check for a page served over http under prefix.
function sameDocument(u, pageUrl) {
  const p = new URL(pageUrl);
  return u.hash && u.origin === p.origin && u.pathname === p.pathname && u.search === p.search;
}

function httpLinkCheck(key, where, prefix) {
  return (links, pageUrl) => {
    for (const l of links) {
      if (!l.abs) { problem(key, where, `unparsable URL in ${l.tag}[${l.attr}]: ${l.raw}`); continue; }
      const u = new URL(l.abs);
      if (sameDocument(u, pageUrl)) { if (!l.fragOk) problem(key, where, `link ${l.raw}: no element with that id on the page`); continue; }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') {
        if (u.protocol === 'file:') problem(key, where, `file: URL in ${l.tag}[${l.attr}]: ${l.raw}`);
        continue;                                                  // mailto:, tel:, javascript: …
      }
      if (u.host !== `127.0.0.1:${PORT}`) {
        const needed = l.tag === 'img' || l.tag === 'script' || l.tag === 'source' || l.tag === 'iframe' || l.tag === 'video' || l.tag === 'audio' ||
          (l.tag === 'link' && EXTERNAL_LINK_REL.test(l.rel));
        if (needed) problem(key, where, `external request (the site must need no network): ${l.abs}`);
        continue;                                                   // ordinary external hyperlinks are fine
      }
      let p;
      try { p = decodeURIComponent(u.pathname); } catch { problem(key, where, `bad percent-encoding: ${l.raw}`); continue; }
      if (!p.startsWith(prefix)) {
        problem(key, where, `${l.tag}[${l.attr}]=${l.raw} leaves the site's sub-path ${prefix}` + (l.raw.startsWith('/') ? ' (root-absolute link)' : ' (too many ../)'));
        continue;
      }
      const t = onDisk(p.slice(prefix.length));
      if (t.status === 'missing' || t.status === 'outside') { problem(key, where, `broken link ${l.tag}[${l.attr}]=${l.raw}: ${p.slice(prefix.length) || '/'} does not exist`); continue; }
      const frag = u.hash ? decodeURIComponent(u.hash.slice(1)) : '';
      if (frag && l.tag === 'a' && !hasAnchor(t.file, frag)) problem(key, where, `link ${l.raw}: no element with id "${frag}" in ${path.relative(ROOT, t.file)}`);
    }
  };
}

// Link check for a page opened from disk: every internal link must name an existing file (…/index.html, not a folder).
function fileLinkCheck(key, where, follow) {
  return (links, pageUrl) => {
    for (const l of links) {
      if (!l.abs) { problem(key, where, `unparsable URL in ${l.tag}[${l.attr}]: ${l.raw}`); continue; }
      const u = new URL(l.abs);
      if (sameDocument(u, pageUrl)) { if (!l.fragOk) problem(key, where, `link ${l.raw}: no element with that id on the page`); continue; }
      if (u.protocol !== 'file:') continue;                       // external ones are covered in http mode and by request tracking
      const p = fileURLToPath(u);
      if (p !== ROOT && !p.startsWith(ROOT + path.sep)) {
        problem(key, where, `${l.tag}[${l.attr}]=${l.raw} points outside the site folder` + (l.raw.startsWith('/') ? ' (root-absolute link)' : ' (too many ../)'));
        continue;
      }
      let st = null;
      try { st = fs.statSync(p); } catch { /* missing */ }
      if (!st) { problem(key, where, `broken link ${l.tag}[${l.attr}]=${l.raw}: ${path.relative(ROOT, p)} does not exist`); continue; }
      if (st.isDirectory()) { problem(key, where, `${l.tag}[${l.attr}]=${l.raw} points at a folder; from file:// it must end in index.html`); continue; }
      const frag = u.hash ? decodeURIComponent(u.hash.slice(1)) : '';
      if (frag && l.tag === 'a' && !hasAnchor(p, frag)) problem(key, where, `link ${l.raw}: no element with id "${frag}" in ${path.relative(ROOT, p)}`);
      if (follow && l.tag === 'a' && p.endsWith('.html')) follow(p);
    }
  };
}

// A browser context that never touches the network: anything not on 127.0.0.1 (or file:) is aborted.
async function offlineContext(browser, ctxOpts) {
  const ctx = await browser.newContext(ctxOpts);
  ctx.setDefaultTimeout(NAV_TIMEOUT);
  await ctx.route((u) => (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '127.0.0.1',
    (route) => route.abort('blockedbyclient'));
  return ctx;
}

// Run tasks with a small concurrency limit.
async function pool(items, n, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => { while (i < items.length) await fn(items[i++]); }));
}

// ---------------------------------------------------------------- the 404 page at any depth
// Missing addresses at depth 1 and 3 (and one under a known folder) under SUB_PATH and at the
// root: the server answers 404.html with status 404. Once its script has run, its link home
// must resolve inside the site's prefix to the home page: fetched, it must answer 200 with
// the bytes of index.html. With base_url set the link is absolute to the published host:
// that is reported, not followed.
const NOT_FOUND_CASES = [
  [SUB_PATH, 'khong-co-trang-nay'], [SUB_PATH, 'mot/hai/ba/'], [SUB_PATH, 'units/khong-co/'],
  ['/', 'khong-co-trang-nay'], ['/', 'mot/hai/ba/'],
];

function httpGet(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

async function checkNotFound(browser, ctxOpts, base) {
  const key = '404.html';
  const html = fs.readFileSync(path.join(ROOT, key), 'utf8');
  const probe = (html.match(/data-probe="([^"]*)"/) || [])[1];
  const home = fs.readFileSync(path.join(ROOT, 'index.html'));
  const ctx = await offlineContext(browser, ctxOpts);
  try {
    for (const [prefix, rest] of NOT_FOUND_CASES) {
      const where = `404 at ${prefix}${rest}`;
      let homeHref = null;
      await visit(ctx, {
        url: `${base}${prefix}${rest}`, key, where, expectStatus: 404, axe: false,
        // the script's questions for the probe file in folders that are not the root answer 404: expected
        ignore: (u) => !!probe && u.endsWith(`/${probe}`),
        ready: async (page) => {
          if (!probe) return null;
          const done = await page.waitForFunction(() => {
            const a = document.querySelector('a[data-href]');
            return !a || a.getAttribute('href') !== a.getAttribute('data-href');
          }, null, { timeout: 5000 }).then(() => true, () => false);
          return done ? null : 'the script of 404.html did not find the site root (the home link still says index.html)';
        },
        linkCheck: (links, pageUrl) => {
          httpLinkCheck(key, where, prefix)(links, pageUrl);
          const homeLink = links.find((l) => l.tag === 'a' && l.abs);   // the page's first link is its link home
          homeHref = homeLink ? homeLink.abs : null;
        },
      });
      if (!homeHref) { problem(key, where, 'no link home on the 404 page'); continue; }
      const u = new URL(homeHref);
      if (u.host !== `127.0.0.1:${PORT}`) { warn(key, where, `the link home is absolute (base_url is set): ${homeHref}; not followed`); continue; }
      if (!u.pathname.startsWith(prefix)) { problem(key, where, `the link home ${homeHref} leaves the site at ${prefix}`); continue; }
      const res = await httpGet(homeHref);
      if (res.status !== 200) problem(key, where, `the link home ${shortUrl(homeHref)} answers HTTP ${res.status}`);
      else if (!res.body.equals(home)) problem(key, where, `the link home ${shortUrl(homeHref)} is not the home page`);
      else console.log(`site-check: ${where}: HTTP 404, link home → ${shortUrl(homeHref)} (200, the home page)`);
    }
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- main
let browser = null;
let server = null;
async function cleanup() {
  if (browser) { const b = browser; browser = null; await withTimeout(b.close(), 10_000, 'browser close').catch(() => {}); }
  if (server) { server.closeAllConnections?.(); server.close(); server = null; }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });
const watchdog = setTimeout(async () => {
  console.error(`site-check: gave up after ${TOTAL_TIMEOUT / 60000} minutes`);
  await cleanup();
  process.exit(2);
}, TOTAL_TIMEOUT);

async function main() {
  const { chromium } = await import('playwright-core');
  server = http.createServer(siteHandler(ROOT, SUB_PATH));
  await new Promise((res, rej) => { server.once('error', rej); server.listen(0, '127.0.0.1', res); });
  PORT = server.address().port;
  const base = `http://127.0.0.1:${PORT}`;

  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  const ctxOpts = { viewport: VIEWPORT, deviceScaleFactor: 1, isMobile: false, bypassCSP: true, serviceWorkers: 'block' };

  const cardCount = checkCards();
  console.log(`site-check: ${cardCount} share card(s) under cards/ checked as 1200×630 PNG`);

  const pages = sample(allPages, opts.maxPages);
  const kinds = {};
  for (const p of pages) kinds[kindOf(p)] = (kinds[kindOf(p)] || 0) + 1;
  console.log(`site-check: ${ROOT}: ${allPages.length} HTML files, checking ${pages.length} over http (${base}${SUB_PATH}) at ${VIEWPORT.width}×${VIEWPORT.height}: ` +
    Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', '));

  // 1. every sampled page under the sub-path
  const http1 = await offlineContext(browser, ctxOpts);
  const shotKinds = new Set();
  await pool(pages, 2, async (rel) => {
    pageEntry(rel);
    const kind = kindOf(rel);
    let shot = null;
    if (opts.shots && !shotKinds.has(kind)) { shotKinds.add(kind); shot = path.join(opts.shots, `${kind}--${rel.replace(/\/?index\.html$/, '').replace(/[/.]/g, '_') || 'index'}.png`); }
    const urlPath = SUB_PATH + rel.split('/').map(encodeURIComponent).join('/');
    await visit(http1, { url: base + urlPath, key: rel, where: `http ${SUB_PATH}`, shot, preview: true, linkCheck: httpLinkCheck(rel, `http ${SUB_PATH}`, SUB_PATH) });
  });
  // the home page served at the root too
  await visit(http1, { url: `${base}/`, key: 'index.html', where: 'http /', axe: false, linkCheck: httpLinkCheck('index.html', 'http /', '/') });
  // missing addresses at several depths get 404.html (as on GitHub Pages): its link home must lead home
  if (fs.existsSync(path.join(ROOT, '404.html'))) await checkNotFound(browser, ctxOpts, base);
  await http1.close();

  // 2. file:// — open index.html and follow every internal link from it once
  const fctx = await offlineContext(browser, ctxOpts);
  const queued = new Set([path.join(ROOT, 'index.html')]);
  const toFollow = [];
  const follow = (p) => { if (!queued.has(p)) { queued.add(p); toFollow.push(p); } };
  await visit(fctx, { url: pathToFileURL(path.join(ROOT, 'index.html')).href, key: 'index.html', where: 'file', axe: false,
    linkCheck: fileLinkCheck('index.html', 'file', follow) });
  if (toFollow.length > MAX_FILE_FOLLOW) console.log(`site-check: file:// mode follows the first ${MAX_FILE_FOLLOW} of ${toFollow.length} links from index.html`);
  const followed = toFollow.slice(0, MAX_FILE_FOLLOW);
  await pool(followed, 2, async (p) => {
    const key = path.relative(ROOT, p).split(path.sep).join('/');
    pageEntry(key);
    await visit(fctx, { url: pathToFileURL(p).href, key, where: 'file', axe: false, linkCheck: fileLinkCheck(key, 'file', null) });
  });
  // 404.html opened from disk: its home link (relative, the script does nothing on file:) names index.html
  if (fs.existsSync(path.join(ROOT, '404.html'))) {
    await visit(fctx, { url: pathToFileURL(path.join(ROOT, '404.html')).href, key: '404.html', where: 'file', axe: false,
      linkCheck: fileLinkCheck('404.html', 'file', null) });
  }
  await fctx.close();
  console.log(`site-check: file:// mode opened index.html and ${followed.length} page(s) linked from it, and 404.html`);
}

let exitCode = 0;
try {
  await main();
  let passed = 0; let failed = 0;
  for (const [key, probs] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    if (probs.size === 0) { passed++; continue; }
    failed++;
    for (const [msg, where] of probs) console.log(`${key} [${[...where].join(', ')}]: ${msg}`);
  }
  for (const w of warnings) console.log(w);
  console.log(`site-check: ${passed} passed, ${failed} failed`);
  exitCode = failed ? 1 : 0;
} catch (e) {
  console.error(`site-check: error: ${e.stack || e}`);
  exitCode = 2;
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
process.exit(exitCode);
