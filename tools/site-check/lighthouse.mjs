#!/usr/bin/env node
// lighthouse: Lighthouse's mobile audit of one page of each kind of a built podium site.
//
//   node lighthouse.mjs SITE_DIR [--json OUT_FILE]
//
// Serves SITE_DIR under the sub-path /thi-dua/ on 127.0.0.1 (serve.mjs, as check.mjs does),
// starts Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) headless, and runs
// Lighthouse 12 (mobile: emulated phone, simulated slow 4G and 4× slower CPU) on the page
// of each kind listed in KINDS. Thresholds (never lowered here): accessibility 100, best
// practices 100, SEO 100 (404.html, which must not be indexed, is not scored on SEO),
// performance ≥ 95 — performance alone depends on the machine's load, so a page below it is
// measured again, up to RUNS times in all, and its best run counts.
// Prints a table of scores per page, then each audit that cost a page its score, then
// `lighthouse: N passed, M failed`. Exit 0 when every page meets every threshold, 1 when one
// does not, 2 when the audit itself could not run.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { siteHandler } from './serve.mjs';

const SUB_PATH = '/thi-dua/';
const THRESHOLDS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const RUNS = 3;                          // at most, for a page below the performance threshold
const TOTAL_TIMEOUT = 10 * 60_000;
const CHROME_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu',
  // as check.mjs: nothing goes to the network by itself
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-dev-shm-usage',
];

function usage(msg) {
  if (msg) console.error(`lighthouse: ${msg}`);
  console.error('usage: node lighthouse.mjs SITE_DIR [--json OUT_FILE]');
  process.exit(2);
}
const opts = { site: null, json: null };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--json') opts.json = a[++i] ?? usage('--json needs a file');
    else if (a[i] === '-h' || a[i] === '--help') usage();
    else if (a[i].startsWith('-')) usage(`unknown option ${a[i]}`);
    else if (!opts.site) opts.site = a[i];
    else usage(`unexpected argument ${a[i]}`);
  }
  if (!opts.site) usage('SITE_DIR is required');
}
const ROOT = fs.realpathSync(path.resolve(opts.site));
if (!fs.existsSync(path.join(ROOT, 'index.html'))) usage(`${opts.site} has no index.html`);

// ---------------------------------------------------------------- the pages
// The folders the build writes at the root; any other folder with an index.html is a page of data/pages.
const SECTIONS = new Set(['groups', 'units', 'awards', 'months', 'news', 'data', 'assets']);
const exists = (rel) => fs.existsSync(path.join(ROOT, rel));
const size = (rel) => fs.statSync(path.join(ROOT, rel)).size;

// The largest `<dir>/<name>/index.html` (names passing `keep`): the heaviest page of its kind.
function largest(dir, keep = () => true) {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return null;
  let best = null;
  for (const e of fs.readdirSync(full, { withFileTypes: true })) {
    if (!e.isDirectory() || !keep(e.name)) continue;
    const rel = path.posix.join(dir, e.name, 'index.html');
    if (exists(rel) && (!best || size(rel) > best.size || (size(rel) === best.size && rel < best.rel))) best = { rel, size: size(rel) };
  }
  return best && best.rel;
}

// A group's ranking: the largest of its period pages (groups/<g>/<p>/) and current pages (groups/<g>/).
function largestRanking() {
  const groups = path.join(ROOT, 'groups');
  if (!fs.existsSync(groups)) return null;
  const cands = [];
  for (const g of fs.readdirSync(groups, { withFileTypes: true })) {
    if (!g.isDirectory()) continue;
    cands.push(largest(`groups/${g.name}`, (n) => n !== 'page'), exists(`groups/${g.name}/index.html`) ? `groups/${g.name}/index.html` : null);
  }
  return cands.filter(Boolean).sort((a, b) => size(b) - size(a) || a.localeCompare(b))[0] || null;
}

const KINDS = [
  ['home', () => 'index.html'],
  ['groups index', () => 'groups/index.html'],
  ['group ranking', largestRanking],
  ['unit', () => largest('units', (n) => n !== 'page')],
  ['units index', () => 'units/index.html'],
  ['awards index', () => 'awards/index.html'],
  ['award period', () => largest('awards', (n) => n !== 'page')],
  ['months index', () => 'months/index.html'],
  ['month', () => largest('months', (n) => n !== 'page')],
  ['news list', () => 'news/index.html'],
  ['news post', () => largest('news', (n) => n !== 'page')],
  ['page', () => largest('.', (n) => !SECTIONS.has(n) && !n.startsWith('.'))],
  ['404', () => '404.html'],
];

// ---------------------------------------------------------------- run
let chrome = null;
let server = null;
async function cleanup() {
  if (chrome) { const c = chrome; chrome = null; try { await c.kill(); } catch { /* gone */ } }
  if (server) { server.closeAllConnections?.(); server.close(); server = null; }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });
const watchdog = setTimeout(async () => {
  console.error(`lighthouse: gave up after ${TOTAL_TIMEOUT / 60000} minutes`);
  await cleanup();
  process.exit(2);
}, TOTAL_TIMEOUT);

const pct = (s) => (s === null || s === undefined ? null : Math.round(s * 100));

// One Lighthouse run; returns { scores: {id: 0–100}, failing: [{category, id, title, value}], error }.
async function audit(lighthouse, url, categories) {
  const config = {
    extends: 'lighthouse:default',
    settings: {
      formFactor: 'mobile',               // the default's phone, network and CPU throttling, simulated
      onlyCategories: categories,
      disableFullPageScreenshot: true,
      // unscored audits whose gatherers cost time: bf-cache navigates away and back
      skipAudits: ['screenshot-thumbnails', 'final-screenshot', 'bf-cache'],
      // static pages with nothing to wait for: shorter quiet windows save seconds a page
      pauseAfterFcpMs: 250, pauseAfterLoadMs: 250, networkQuietThresholdMs: 250, cpuQuietThresholdMs: 250,
      maxWaitForLoad: 30_000,
    },
  };
  const r = await lighthouse(url, { port: chrome.port, logLevel: 'error', output: 'json' }, config);
  const lhr = r.lhr;
  if (lhr.runtimeError) return { error: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` };
  const scores = {};
  const failing = [];
  for (const c of Object.values(lhr.categories)) {
    scores[c.id] = pct(c.score);
    for (const ref of c.auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) {
        const items = (a.details?.items || []).slice(0, 3).map((it) => it.node?.snippet || it.node?.selector || it.description || it.url || it.sourceLocation?.url || '')
          .filter(Boolean).map((s) => String(s).slice(0, 120));
        failing.push({ category: c.id, id: a.id, title: a.title, value: a.displayValue || '', score: a.score, items });
      }
    }
  }
  return { scores, failing };
}

async function main() {
  const started = Date.now();
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');

  server = http.createServer(siteHandler(ROOT, SUB_PATH));
  await new Promise((res, rej) => { server.once('error', rej); server.listen(0, '127.0.0.1', res); });
  const base = `http://127.0.0.1:${server.address().port}`;

  const chromePath = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromePath)) throw new Error(`no Chromium at ${chromePath} (apt-get install chromium, or set CHROME_PATH)`);
  chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'error' });

  const pages = [];
  for (const [kind, pick] of KINDS) {
    const rel = pick();
    if (rel && exists(rel)) pages.push({ kind, rel });
  }
  console.log(`lighthouse: ${ROOT}: ${pages.length} pages, one of each kind, under ${base}${SUB_PATH}; mobile, simulated slow 4G and 4× CPU; ` +
    `thresholds: ${Object.entries(THRESHOLDS).map(([k, v]) => `${k} ${v === 100 ? '100' : `≥ ${v}`}`).join(', ')}`);

  const results = [];
  for (const p of pages) {
    const categories = Object.keys(THRESHOLDS).filter((c) => !(p.kind === '404' && c === 'seo'));
    const url = base + SUB_PATH + p.rel.replace(/(^|\/)index\.html$/, '$1').split('/').map(encodeURIComponent).join('/');
    const t0 = Date.now();
    const runs = [];
    let best = null;
    for (let n = 0; n < RUNS; n++) {
      const run = await audit(lighthouse, url, categories);
      runs.push(run);
      if (run.error) break;
      if (!best || run.scores.performance > best.scores.performance) best = run;
      if (best.scores.performance >= THRESHOLDS.performance) break;
    }
    const error = runs.find((r) => r.error)?.error;
    results.push({ ...p, url: url.slice(base.length), categories, seconds: (Date.now() - t0) / 1000, error,
      scores: best?.scores || {}, failing: best?.failing || [], performanceRuns: runs.map((r) => r.scores?.performance) });
  }

  // the table
  const cols = [['performance', 'perf'], ['accessibility', 'a11y'], ['best-practices', 'best'], ['seo', 'seo']];
  const w = Math.max(...results.map((r) => r.url.length), 4);
  console.log(`${'page'.padEnd(w)}  ${'kind'.padEnd(13)}  ${cols.map(([, h]) => h.padStart(4)).join('  ')}   time`);
  let passed = 0; let failed = 0;
  for (const r of results) {
    const cells = cols.map(([id]) => {
      if (!r.categories.includes(id)) return '   –';
      const s = r.scores[id];
      const ok = s !== null && s !== undefined && s >= THRESHOLDS[id];
      return `${s ?? '?'}${ok ? ' ' : '!'}`.padStart(4);
    });
    const runs = r.performanceRuns.length > 1 ? ` (performance runs: ${r.performanceRuns.join(', ')})` : '';
    console.log(`${r.url.padEnd(w)}  ${r.kind.padEnd(13)}  ${cells.join('  ')}  ${r.seconds.toFixed(1).padStart(5)} s${runs}`);
    const bad = r.error || r.categories.some((id) => !(r.scores[id] >= THRESHOLDS[id]));
    if (bad) failed++; else passed++;
  }
  // why
  for (const r of results) {
    if (r.error) { console.log(`${r.url}: Lighthouse could not audit the page: ${r.error}`); continue; }
    for (const id of r.categories) {
      if (r.scores[id] >= THRESHOLDS[id]) continue;
      console.log(`${r.url}: ${id} ${r.scores[id]} (needs ${THRESHOLDS[id] === 100 ? '100' : `≥ ${THRESHOLDS[id]}`}):`);
      for (const f of r.failing.filter((x) => x.category === id)) {
        console.log(`    ${f.id}: ${f.title}${f.value ? ` — ${f.value}` : ''}${f.items.length ? ` — e.g. ${f.items.join(' | ')}` : ''}`);
      }
    }
  }
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(results, null, 2));
  console.log(`lighthouse: ${pages.length} pages in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`lighthouse: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

let exitCode = 0;
try {
  exitCode = await main();
} catch (e) {
  console.error(`lighthouse: error: ${e.stack || e}`);
  exitCode = 2;
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
process.exit(exitCode);
