/* podium: the unit search on the unit index page (units/index.html?q=…).
 *
 * The index is a set of script files written by podium (src/render/search.rs), loaded
 * with <script> elements so that search also works from file://, where browsers refuse
 * fetch(). Each file calls back into window.podiumSearch:
 *   data/search/index.js  podiumSearch.m(manifest)   shards, stop words, groups, links
 *   data/search/pN.js     podiumSearch.p(N, {word: "gaps in base 36", …})
 *   data/search/rN.js     podiumSearch.r(N, [[name, short, id, group], …])
 * A query loads the manifest, the posting files of its rarest words and the record
 * files of the matches it shows: a few hundred kilobytes at most, whatever the site's size.
 *
 * Matching folds case, tone marks and đ (NFC or NFD input alike), takes every word as
 * a prefix, in any order, and looks in the name, short name, id and group name. The
 * folding must stay that of fold() in src/render/search.rs.
 */
(function () {
  'use strict';

  var SHOWN = 20;            // matches listed
  var POSTING_BUDGET = 192 * 1024; // bytes of posting files one query may load
  var BATCH = 16;            // matches whose records are loaded at a time
  var MAX_CHUNKS = 48;       // record files one query may load

  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  }

  function words(folded) {
    return folded.split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w !== ''; });
  }

  function decode(gaps) {
    var out = [], n = 0, parts = gaps.split(',');
    for (var i = 0; i < parts.length; i++) {
      n += parseInt(parts[i], 36);
      out.push(n);
    }
    return out;
  }

  /* Which query words to look up in the posting files (the cheapest first, within the
   * budget) and which to check on the records of the matches. */
  function plan(ws, manifest) {
    var looked = [], checked = [];
    ws.forEach(function (w) {
      var stop = manifest.stop.some(function (s) { return s.indexOf(w) === 0; });
      if (stop) { checked.push(w); return; }
      var files = [], bytes = 0;
      manifest.shards.forEach(function (shard, n) {
        var key = shard[0], exact = shard[1];
        if (key.indexOf(w) === 0 || (!exact && w.indexOf(key) === 0)) {
          files.push(n);
          bytes += shard[2];
        }
      });
      looked.push({ w: w, files: files, bytes: bytes });
    });
    looked.sort(function (a, b) { return a.bytes - b.bytes; });
    var chosen = [], total = 0;
    looked.forEach(function (a) {
      if (total + a.bytes <= POSTING_BUDGET) {
        chosen.push(a);
        total += a.bytes;
      } else {
        checked.push(a.w);
      }
    });
    return { looked: chosen, checked: checked };
  }

  /* Units having every looked-up word, best first: 2 points a word found whole, 1 as a prefix. */
  function candidates(looked, shards) {
    var score = null;
    looked.forEach(function (a) {
      var best = new Map();
      a.files.forEach(function (n) {
        var posting = shards[n];
        Object.keys(posting).forEach(function (word) {
          if (word.indexOf(a.w) !== 0) { return; }
          var points = word === a.w ? 2 : 1;
          decode(posting[word]).forEach(function (u) {
            if ((best.get(u) || 0) < points) { best.set(u, points); }
          });
        });
      });
      if (score === null) {
        score = best;
      } else {
        var both = new Map();
        score.forEach(function (s, u) {
          var p = best.get(u);
          if (p) { both.set(u, s + p); }
        });
        score = both;
      }
    });
    return Array.from(score || new Map()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  /* Extra points from a record: the query names every word of the name, has them in the
   * name's order, is the whole short name, or the id. */
  function bonus(record, ws, query) {
    var nameWords = words(fold(record[0]));
    var name = ' ' + nameWords.join(' ');
    var phrase = ' ' + ws.join(' ');
    var points = 0;
    if (nameWords.every(function (w) { return ws.some(function (q) { return w.indexOf(q) === 0; }); })) { points += 2; }
    if (ws.length > 1 && name.indexOf(phrase) >= 0) { points += 3; }
    if (record[1] !== '' && words(fold(record[1])).join(' ') === ws.join(' ')) { points += 4; }
    if (record[2] === query.trim().toLowerCase()) { points += 5; }
    return points;
  }

  function recordWords(record, manifest) {
    var group = manifest.groups[record[3]];
    return words(fold([record[0], record[1], record[2], group ? group[0] : ''].join(' ')));
  }

  function hasAll(have, ws) {
    return ws.every(function (w) {
      return have.some(function (h) { return h.indexOf(w) === 0; });
    });
  }

  var engine = { fold: fold, words: words, decode: decode, plan: plan, candidates: candidates, bonus: bonus,
    recordWords: recordWords, hasAll: hasAll, SHOWN: SHOWN };

  /* The loader: a script file per part of the index; its callback settles the promise. */
  var pending = {}, loaded = {};
  function settle(key, value) {
    loaded[key] = value;
    if (pending[key]) { pending[key].resolve(value); delete pending[key]; }
  }
  var api = {
    engine: engine,
    m: function (manifest) { settle('index', manifest); },
    p: function (n, posting) { settle('p' + n, posting); },
    r: function (n, records) { settle('r' + n, records); }
  };
  if (typeof window !== 'undefined') { window.podiumSearch = api; }
  if (typeof module !== 'undefined') { module.exports = api; }

  function load(root, name) {
    if (loaded[name]) { return Promise.resolve(loaded[name]); }
    if (pending[name]) { return pending[name].promise; }
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    pending[name] = entry;
    var script = document.createElement('script');
    script.src = root + 'data/search/' + name + '.js';
    script.async = true;
    script.onerror = function () { delete pending[name]; entry.reject(new Error(script.src)); };
    document.head.appendChild(script);
    return entry.promise;
  }

  /* Runs a query against the files under `root`: {total, exact, results, groups}, or {vague}. */
  function search(root, query) {
    var ws = words(fold(query)).filter(function (w, i, all) { return all.indexOf(w) === i; });
    return load(root, 'index').then(function (manifest) {
      var groups = manifest.groups.filter(function (g) { return hasAll(words(fold(g[0])), ws); });
      var p = plan(ws, manifest);
      if (p.looked.length === 0) { return { vague: true, groups: groups }; }
      var files = [];
      p.looked.forEach(function (a) { a.files.forEach(function (n) { if (files.indexOf(n) < 0) { files.push(n); } }); });
      return Promise.all(files.map(function (n) { return load(root, 'p' + n); })).then(function () {
        var shards = {};
        files.forEach(function (n) { shards[n] = loaded['p' + n]; });
        var found = candidates(p.looked, shards);
        var results = [], next = 0, chunks = {}, lastBase = null;
        // Records are checked in the order of the postings' score; past SHOWN matches, the
        // ones tied with the last shown are checked too, as a record's bonus may lift them.
        function batch() {
          var tied = results.length >= SHOWN && next < found.length && found[next][1] === lastBase;
          if ((results.length >= SHOWN && !tied) || next >= found.length || Object.keys(chunks).length >= MAX_CHUNKS) {
            return Promise.resolve();
          }
          var some = found.slice(next, next + BATCH);
          next += some.length;
          var need = [];
          some.forEach(function (c) {
            var n = Math.floor(c[0] / manifest.chunk);
            if (need.indexOf(n) < 0) { need.push(n); }
            chunks[n] = true;
          });
          return Promise.all(need.map(function (n) { return load(root, 'r' + n); })).then(function () {
            some.forEach(function (c) {
              if (results.length >= SHOWN && c[1] !== lastBase) { return; }
              var record = loaded['r' + Math.floor(c[0] / manifest.chunk)][c[0] % manifest.chunk];
              if (p.checked.length > 0 && !hasAll(recordWords(record, manifest), p.checked)) { return; }
              results.push({ pos: c[0], score: c[1] + bonus(record, ws, query), record: record });
              if (results.length === SHOWN) { lastBase = c[1]; }
            });
            return batch();
          });
        }
        return batch().then(function () {
          results.sort(function (a, b) { return b.score - a.score || a.pos - b.pos; });
          var exact = p.checked.length === 0 || next >= found.length;
          var total = p.checked.length === 0 ? found.length : results.length;
          results = results.slice(0, SHOWN);
          return { total: total, exact: exact, results: results, groups: groups };
        });
      });
    });
  }
  api.search = search;

  /* The page: fill the header's box with the query and list the matches. */
  if (typeof document === 'undefined') { return; }
  var box = document.getElementById('search-results');
  if (!box) { return; }
  var query = new URLSearchParams(window.location.search).get('q');
  if (query === null || query.trim() === '') { return; }
  var input = document.getElementById('q');
  if (input) { input.value = query; }
  var root = box.getAttribute('data-root') || '';
  var text = function (name, values) {
    return (box.getAttribute('data-' + name) || '').replace(/\{(\w+)\}/g, function (m, k) {
      return values && values[k] !== undefined ? values[k] : m;
    });
  };
  var number = function (n) { return n.toLocaleString(document.documentElement.lang || undefined); };
  // replaceChildren is recent (2020): older in-app browsers of chat apps lack it.
  function fill(parent, children) {
    while (parent.firstChild) { parent.removeChild(parent.firstChild); }
    children.forEach(function (c) { parent.appendChild(c); });
  }
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (content !== undefined) { e.textContent = content; }
    return e;
  }
  box.hidden = false;
  fill(box, [el('h2', null, text('results', { q: query.trim() })), el('p', 'muted', text('loading'))]);
  document.title = text('results', { q: query.trim() }) + ' · ' + document.title;
  search(root, query).then(function (found) {
    var parts = [el('h2', null, text('results', { q: query.trim() }))];
    if (found.groups.length > 0) {
      var g = el('p', null, text('groups') + ' ');
      found.groups.forEach(function (group, i) {
        if (i > 0) { g.appendChild(document.createTextNode(' · ')); }
        var a = el('a', null, group[0]);
        a.href = root + group[1];
        g.appendChild(a);
      });
      parts.push(g);
    }
    if (found.vague) {
      parts.push(el('p', null, text('vague')));
    } else if (found.results.length === 0) {
      parts.push(el('p', null, text('none')));
    } else {
      var shown = found.results.length;
      var summary = !found.exact ? text('some', { shown: number(shown) })
        : found.total > shown ? text('count-more', { shown: number(shown), n: number(found.total) })
          : text('count', { n: number(found.total) });
      parts.push(el('p', null, summary));
      var list = el('ol');
      found.results.forEach(function (r) {
        var li = el('li');
        var a = el('a', null, r.record[0]);
        a.href = root + loaded.index.unit_href.replace('{id}', r.record[2]);
        li.appendChild(a);
        var group = loaded.index.groups[r.record[3]];
        var meta = [r.record[1], group ? group[0] : ''].filter(function (s) { return s !== ''; }).join(' · ');
        if (meta !== '') { li.appendChild(el('span', 'meta', meta)); }
        list.appendChild(li);
      });
      parts.push(list);
    }
    fill(box, parts);
  }, function () {
    fill(box, [el('h2', null, text('results', { q: query.trim() })), el('p', null, text('failed'))]);
  });
})();
