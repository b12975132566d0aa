#!/usr/bin/env node
// search-check: the unit search of a built podium site, as readers use it.
//
//   node search-check.mjs SITE_DIR
//
// 1. The index (data/search/*.js) against search.js's own folding: every word search.js
//    derives from a unit's name, short name, id and group is either a stop word or
//    indexed with that unit — so Rust's folding and the script's agree.
// 2. Queries through search.js's engine in Node: every unit (or a spread sample of a
//    large site) is found first by its id, and found by its name with its words in
//    reverse order; "Liên đoàn Lao động thành phố Châu Đốc", when the site has it, is
//    found first by `chau doc`, `Châu Đốc`, `CHAU DOC`, `doc chau`, `chau d` and the NFD
//    spelling.
// 3. In headless Chromium: the same queries on units/index.html?q=… from file:// and
//    under the sub-path /thi-dua/ over HTTP list the unit first in #search-results, with
//    no script error; with JavaScript off, the header's form on the home page lands on
//    the unit index.
// Exit 0 when all pass, 1 on a failure, 2 when the check itself cannot run.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { siteHandler } from './serve.mjs';

const require = createRequire(import.meta.url);
const SUB_PATH = '/thi-dua/';
const SAMPLE = 300;                 // units queried in Node on a large site
const BROWSER_QUERIES = 8;          // unit queries per mode in the browser
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const site = process.argv[2];
if (!site || !fs.existsSync(path.join(site, 'units', 'index.html'))) {
  console.error('usage: node search-check.mjs SITE_DIR (a built podium site with units/index.html)');
  process.exit(2);
}
const ROOT = fs.realpathSync(site);
const failures = [];
const fail = (msg) => { failures.push(msg); console.log(`FAIL ${msg}`); };

// ---------------------------------------------------------------- the index in Node
const api = require(path.join(ROOT, 'assets', 'search.js'));
const E = api.engine;
const ctx = vm.createContext({ podiumSearch: api });
const dir = path.join(ROOT, 'data', 'search');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
let manifest;
const postings = [];
const records = [];
const { m: m0, p: p0, r: r0 } = api;
api.m = (m) => { manifest = m; m0(m); };
api.p = (n, p) => { postings[n] = p; p0(n, p); };
api.r = (n, r) => { records.push(...r.map((rec, i) => [n * manifest.chunk + i, rec])); r0(n, r); };
let bytes = 0;
for (const f of ['index.js', ...files.filter((f) => f !== 'index.js')]) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  bytes += Buffer.byteLength(text);
  vm.runInContext(text, ctx, { filename: f });
}
records.sort((a, b) => a[0] - b[0]);
const units = records.map(([, rec]) => rec);
console.log(`search-check: ${units.length} units, ${files.length} index files, ${(bytes / 1024).toFixed(0)} KiB; ` +
  `largest posting file ${(Math.max(...manifest.shards.map((s) => s[2])) / 1024).toFixed(1)} KiB, ${manifest.stop.length} stop words`);
if (units.length !== manifest.units) fail(`the record files hold ${units.length} units, the manifest says ${manifest.units}`);

// word -> Set of units, from the posting files
const indexed = new Map();
manifest.shards.forEach((shard, n) => {
  for (const [word, gaps] of Object.entries(postings[n] || {})) {
    if (shard[1] ? word !== shard[0] : !word.startsWith(shard[0])) fail(`posting file p${n} (${shard[0]}) holds the word ${word}`);
    indexed.set(word, new Set(E.decode(gaps)));
  }
});
let missing = 0;
units.forEach((rec, pos) => {
  for (const w of E.recordWords(rec, manifest)) {
    if (manifest.stop.includes(w)) continue;
    if (!indexed.get(w)?.has(pos) && missing++ < 10) fail(`unit ${rec[2]}: search.js folds the word "${w}" that the index lacks for it`);
  }
});

// ---------------------------------------------------------------- queries in Node
const pick = (list, n) => (list.length <= n ? list : Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]));
const CHAU_DOC = 'Liên đoàn Lao động thành phố Châu Đốc';
const chauDoc = units.find((u) => u[0] === CHAU_DOC);
const cases = [];
if (chauDoc) {
  for (const q of ['chau doc', 'Châu Đốc', 'CHAU DOC', 'doc chau', 'chau d', 'Châu Đốc'.normalize('NFD')]) {
    cases.push({ q, id: chauDoc[2], first: true });
  }
}
const allWords = units.map((u) => E.recordWords(u, manifest));
let vague = 0;
for (const u of pick(units, SAMPLE)) {
  cases.push({ q: u[2], id: u[2], first: true });
  const ws = E.words(E.fold(u[0]));
  // Found by its name, words reversed, when no more units have all those words than are listed.
  const matching = allWords.filter((have) => E.hasAll(have, ws)).length;
  if (matching <= E.SHOWN) cases.push({ q: ws.slice().reverse().join(' '), id: u[2], first: false });
  else vague++;
}
for (const c of cases) {
  const found = await api.search('', c.q);
  const ids = (found.results || []).map((r) => r.record[2]);
  const at = ids.indexOf(c.id);
  if (c.first ? at !== 0 : at < 0) fail(`node: "${c.q}" → ${c.id} ${at < 0 ? 'not found' : `listed ${at + 1}.`} (first: ${ids[0] ?? 'nothing'})`);
}
console.log(`search-check: ${cases.length} queries through search.js in Node` +
  (vague ? ` (${vague} names not queried: more than ${E.SHOWN} units have all their words)` : ''));

// ---------------------------------------------------------------- the browser
async function browserChecks() {
  const { chromium } = await import('playwright-core');
  const server = http.createServer(siteHandler(ROOT, SUB_PATH));
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const base = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ARGS });
  try {
    const queries = cases.filter((c) => c.first).slice(0, (chauDoc ? 6 : 0) + BROWSER_QUERIES);
    // a unit by its short name, when that short name is its own
    const byShort = units.find((u) => u[1] !== '' && units.filter((v) => v[1] === u[1]).length === 1 && u[0] !== u[1]);
    if (byShort) queries.push({ q: byShort[1], id: byShort[2], first: false });
    const modes = [
      { where: 'file://', url: (q) => `${pathToFileURL(path.join(ROOT, 'units', 'index.html')).href}?q=${encodeURIComponent(q)}` },
      { where: `http ${SUB_PATH}`, url: (q) => `${base}units/?q=${encodeURIComponent(q)}` },
    ];
    for (const mode of modes) {
      const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
      await context.route((u) => u.protocol.startsWith('http') && u.hostname !== '127.0.0.1', (r) => r.abort());
      const page = await context.newPage();
      page.on('pageerror', (e) => fail(`${mode.where}: script error ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') fail(`${mode.where}: console error ${m.text()}`); });
      for (const c of queries) {
        await page.goto(mode.url(c.q));
        await page.waitForFunction(() => {
          const box = document.getElementById('search-results');
          return box && !box.hidden && (box.querySelector('ol') || box.querySelectorAll('p').length > 0 && !box.textContent.includes('…'));
        }, null, { timeout: 10_000 }).catch(() => fail(`${mode.where}: "${c.q}": no results shown within 10 s`));
        const hrefs = await page.$$eval('#search-results ol a', (as) => as.map((a) => a.href));
        const at = hrefs.findIndex((h) => h.includes(`/units/${c.id}/`));
        if (c.first ? at !== 0 : at < 0) fail(`${mode.where}: "${c.q}" → ${c.id} ${at < 0 ? 'not listed' : `listed ${at + 1}.`}`);
        if (at >= 0) {
          // the link leads to the unit's page
          const target = hrefs[at];
          const ok = target.startsWith('file:') ? fs.existsSync(new URL(target)) || fs.existsSync(path.join(new URL(target).pathname, 'index.html'))
            : (await context.request.get(target)).status() === 200;
          if (!ok) fail(`${mode.where}: the result link ${target} leads nowhere`);
        }
        const boxValue = await page.inputValue('#q');
        if (boxValue !== c.q) fail(`${mode.where}: the search box shows "${boxValue}" instead of "${c.q}"`);
      }
      await context.close();
      console.log(`search-check: ${queries.length} queries in Chromium from ${mode.where}`);
    }
    // JavaScript off: the header's form still lands on the unit index
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    const page = await noJs.newPage();
    await page.goto(`${base}`);
    await page.fill('#q', 'chau doc');
    await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    const u = new URL(page.url());
    const rows = await page.$$eval('table.units tbody tr', (trs) => trs.length);
    if (!u.pathname.startsWith(`${SUB_PATH}units/`) || u.searchParams.get('q') !== 'chau doc' || rows === 0) {
      fail(`JavaScript off: the search form led to ${page.url()} with ${rows} units listed`);
    } else {
      console.log(`search-check: JavaScript off, the form leads to ${u.pathname}${u.search} listing ${rows} units`);
    }
    await noJs.close();
  } finally {
    await browser.close();
    server.close();
  }
}

try {
  await browserChecks();
} catch (e) {
  console.error(`search-check: error: ${e.stack || e}`);
  process.exit(2);
}
console.log(`search-check: ${failures.length === 0 ? 'all passed' : `${failures.length} failed`}`);
process.exit(failures.length === 0 ? 0 : 1);
