// yanzhen site search. No fetch, no server: the index is a script (search/index.js) that calls
// YanzhenSearch.index(...), and the page texts are script shards (search/text-N.js) that call
// YanzhenSearch.shard(...), injected as <script> tags only when a query needs them. So it works
// from file:// and under any sub-path.
//
// Matching is by substring, never by word: a term of two or more characters finds the pages
// that contain all its character pairs (from the index), checked against the page's text; any
// term is also looked for in titles, summaries, units, branches and tags. Several terms
// separated by spaces must all match. Ranking: title > summary > unit/branch/tags > body hits.
(function () {
  "use strict";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = {};
  for (var a = 0; a < 64; a++) VALUE[ALPHABET.charAt(a)] = a;
  var PER_PAGE = 20;
  var BODY_CAP = 20; // body hits counted per term and page; enough to rank, bounded in time
  var KINDS = ["case", "brand", "report", "article", "unit", "collection"];
  var FOLDABLE = /[A-Z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;
  var FOLDABLE_ALL = /[A-Z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

  // The same folding as the index (src/search/mod.rs `fold`): one UTF-16 unit for one, so
  // positions in the folded text are positions in the original.
  function foldChar(c) {
    var x = c.charCodeAt(0);
    if (x < 128) return String.fromCharCode(x + 32);
    if (x <= 0xFF19) return String.fromCharCode(x - 0xFF10 + 48);
    if (x <= 0xFF3A) return String.fromCharCode(x - 0xFF21 + 97);
    return String.fromCharCode(x - 0xFF41 + 97);
  }
  function fold(s) { return FOLDABLE.test(s) ? s.replace(FOLDABLE_ALL, foldChar) : s; }

  var data = null;      // what index.js gave: {version, shards, pages, grams}
  var rows = [];        // per page: {href, title, kind, date, unit, branch, tags, summary, meta: folded fields}
  var texts = [];       // per page: body text (once its shard is loaded)
  var folded = [];      // per page: folded body text
  var shardOf = null;   // page → shard
  var shardState = [];  // 0 not asked, 1 loading, 2 loaded
  var waiting = [];     // {shards, done}
  var postingCache = {};
  var seq = 0;

  function decode(s, n) {
    var out = [], i, v, b;
    if (s.charAt(0) === "~") {
      for (i = 1; i < s.length; i++) {
        v = VALUE[s.charAt(i)];
        for (b = 0; b < 6; b++) if (v & (1 << b)) { var p = (i - 1) * 6 + b; if (p < n) out.push(p); }
      }
      return out;
    }
    var prev = -1, d = 0, shift = 0;
    for (i = 0; i < s.length; i++) {
      v = VALUE[s.charAt(i)];
      d += (v & 31) * Math.pow(2, shift);
      shift += 5;
      if (!(v & 32)) { prev += d + 1; out.push(prev); d = 0; shift = 0; }
    }
    return out;
  }

  function postings(key) {
    if (!Object.prototype.hasOwnProperty.call(postingCache, key)) {
      var s = Object.prototype.hasOwnProperty.call(data.grams, key) ? data.grams[key] : null;
      postingCache[key] = s === null ? [] : decode(s, rows.length);
    }
    return postingCache[key];
  }

  // Pages whose body holds every character pair of `term` (an array of code points), as a
  // Uint8Array mark over all pages.
  function bodyCandidates(term) {
    var n = rows.length, marks = new Uint8Array(n), seen = {}, lists = [], i, j;
    for (i = 0; i + 1 < term.length; i++) {
      var key = term[i] + term[i + 1];
      if (seen[key]) continue;
      seen[key] = true;
      var list = postings(key);
      if (!list.length) return marks;
      lists.push(list);
    }
    lists.sort(function (x, y) { return x.length - y.length; });
    var count = new Uint8Array(n);
    for (j = 0; j < lists[0].length; j++) count[lists[0][j]] = 1;
    for (i = 1; i < lists.length; i++) {
      var l = lists[i];
      for (j = 0; j < l.length; j++) if (count[l[j]] === i) count[l[j]] = i + 1;
    }
    for (j = 0; j < n; j++) if (count[j] === lists.length) marks[j] = 1;
    return marks;
  }

  function occurrences(hay, needle, cap) {
    var c = 0, at = hay.indexOf(needle);
    while (at >= 0 && c < cap) { c++; at = hay.indexOf(needle, at + needle.length); }
    return c;
  }

  function parse(q) {
    var terms = [], seen = {};
    fold(String(q || "")).split(/\s+/).forEach(function (t) {
      if (t && !seen[t]) { seen[t] = true; terms.push(t); }
    });
    return terms;
  }

  function needShards(pages) {
    var want = {}, list = [];
    pages.forEach(function (p) { var s = shardOf[p]; if (shardState[s] !== 2 && !want[s]) { want[s] = true; list.push(s); } });
    return list;
  }

  function loadShards(list, done) {
    var missing = list.filter(function (s) { return shardState[s] !== 2; });
    if (!missing.length) { done(null); return; }
    waiting.push({ shards: missing, done: done });
    missing.forEach(function (s) {
      if (shardState[s]) return;
      shardState[s] = 1;
      var el = document.createElement("script");
      el.src = "text-" + s + ".js?v=" + encodeURIComponent(data.version);
      el.async = true;
      el.onerror = function () {
        shardState[s] = 0;
        var w = waiting; waiting = [];
        w.forEach(function (x) { x.done(new Error("text-" + s + ".js")); });
      };
      document.head.appendChild(el);
    });
  }

  // Runs query `q`; calls back with {terms, hits: [{page, score, terms}], count} once every
  // shard it needs is loaded. Exposed for the tests and the benchmark.
  function run(q, callback) {
    var my = ++seq;
    var terms = parse(q);
    if (!terms.length || !data) { callback({ terms: terms, hits: [], count: 0 }); return; }
    var n = rows.length, p, t;
    var cps = terms.map(function (term) { return Array.from(term); });
    var body = cps.map(function (cp) { return cp.length >= 2 ? bodyCandidates(cp) : null; });
    var pass = [];
    for (p = 0; p < n; p++) {
      var ok = true;
      for (t = 0; t < terms.length && ok; t++) {
        ok = (body[t] !== null && body[t][p] === 1) || rows[p].meta.indexOf(terms[t]) >= 0;
      }
      if (ok) pass.push(p);
    }
    var verify = pass.filter(function (p) {
      for (var t = 0; t < terms.length; t++) if (body[t] !== null && body[t][p] === 1) return true;
      return false;
    });
    loadShards(needShards(verify), function (err) {
      if (my !== seq) return; // a newer query took over
      if (err) { callback({ terms: terms, hits: [], count: 0, error: err }); return; }
      var hits = [];
      pass.forEach(function (p) {
        var r = rows[p], score = 0, all = true;
        for (var t = 0; t < terms.length && all; t++) {
          var term = terms[t];
          var inTitle = occurrences(r.ftitle, term, 5);
          var inSummary = occurrences(r.fsummary, term, 5);
          var inOther = occurrences(r.fother, term, 5);
          var inBody = body[t] !== null && body[t][p] === 1 ? occurrences(folded[p], term, BODY_CAP) : 0;
          if (!(inTitle || inSummary || inOther || inBody)) all = false;
          score += inTitle * 1000 + inSummary * 100 + inOther * 30 + inBody;
        }
        if (all) hits.push({ page: p, score: score });
      });
      hits.sort(function (x, y) {
        return y.score - x.score || (rows[y.page].date > rows[x.page].date ? 1 : rows[y.page].date < rows[x.page].date ? -1 : x.page - y.page);
      });
      callback({ terms: terms, hits: hits, count: hits.length });
    });
  }

  // --- the page ---------------------------------------------------------------------------
  var ui = null, current = null, kind = "", shown = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Appends `text` to `parent`, every occurrence of a term wrapped in <mark>.
  function marked(parent, text, terms) {
    var f = fold(text), at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      terms.forEach(function (t) {
        var i = f.indexOf(t, at);
        if (i >= 0 && (best < 0 || i < best || (i === best && t.length > len))) { best = i; len = t.length; }
      });
      if (best < 0) break;
      if (best > at) parent.appendChild(document.createTextNode(text.slice(at, best)));
      parent.appendChild(el("mark", "", text.slice(best, best + len)));
      at = best + len;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function excerpt(p, terms) {
    var text = texts[p], f = folded[p], first = -1, i;
    if (text !== undefined) {
      for (i = 0; i < terms.length; i++) {
        if (Array.from(terms[i]).length < 2) continue;
        var at = f.indexOf(terms[i]);
        if (at >= 0 && (first < 0 || at < first)) first = at;
      }
    }
    if (first < 0 && text !== undefined) {
      for (i = 0; i < terms.length; i++) {
        var one = f.indexOf(terms[i]);
        if (one >= 0 && (first < 0 || one < first)) first = one;
      }
    }
    if (first < 0) return reason(p, terms);
    var start = Math.max(0, first - 30), end = Math.min(text.length, first + 90);
    var nl = text.lastIndexOf("\n", first);
    if (nl >= start) start = nl + 1;
    var enl = text.indexOf("\n", first);
    if (enl >= 0 && enl < end && enl - start > 40) end = enl;
    return { text: text.slice(start, end).replace(/\s+/g, " "), before: start > 0, after: end < text.length };
  }

  // Where a page matched when its body text shows no term: the summary if it holds one, else
  // the unit, branch and tags that do, so every result shows a highlighted reason.
  function reason(p, terms) {
    var r = rows[p];
    function has(x) { var f = fold(x || ""); return terms.some(function (t) { return f.indexOf(t) >= 0; }); }
    if (has(r.summary) || has(r.title)) return { text: r.summary, before: false, after: false };
    var parts = [r.unit, r.branch, r.tags].filter(has);
    return { text: parts.length ? parts.join(" · ") : r.summary, before: false, after: false };
  }

  function render() {
    // Built apart and added at once: one layout for a page of results.
    var list = document.createDocumentFragment(), hits = filtered();
    if (shown === 0) ui.results.textContent = "";
    var end = Math.min(hits.length, shown + PER_PAGE);
    for (var k = shown; k < end; k++) {
      var p = hits[k].page, r = rows[p], li = el("li", "search-hit");
      li.setAttribute("data-kind", r.kind);
      var h = el("h2"), a = el("a");
      a.href = r.href;
      marked(a, r.title, current.terms);
      h.appendChild(a);
      var meta = el("p", "search-meta");
      meta.appendChild(el("span", "search-kind", ui.root.getAttribute("data-label-" + r.kind) || ""));
      [r.unit, r.branch, r.date].forEach(function (x) { if (x) meta.appendChild(el("span", "", x)); });
      var ex = excerpt(p, current.terms), para = el("p", "search-excerpt");
      marked(para, (ex.before ? "…" : "") + ex.text + (ex.after ? "…" : ""), current.terms);
      li.appendChild(h); li.appendChild(meta); li.appendChild(para);
      list.appendChild(li);
    }
    ui.results.appendChild(list);
    shown = end;
    ui.more.hidden = shown >= hits.length;
  }

  function filtered() {
    if (!kind) return current.hits;
    return current.hits.filter(function (h) { return rows[h.page].kind === kind; });
  }

  function showCounts() {
    var counts = { "": current.hits.length };
    current.hits.forEach(function (h) { var k = rows[h.page].kind; counts[k] = (counts[k] || 0) + 1; });
    ui.kinds.forEach(function (b) {
      var k = b.getAttribute("data-kind");
      b.setAttribute("aria-pressed", String(k === kind));
      b.querySelector(".n").textContent = String(counts[k] || 0);
      // A kind without results is no choice; the one chosen stays, so it can be left.
      b.hidden = k !== "" && !counts[k] && k !== kind;
    });
    var n = filtered().length;
    ui.status.textContent = current.terms.length ? (n ? ui.root.getAttribute("data-count").replace("{n}", n) : ui.root.getAttribute("data-none")) : "";
    ui.root.setAttribute("data-count-shown", String(n));
  }

  function go(q) {
    var started = Date.now();
    ui.status.textContent = ui.root.getAttribute("data-loading");
    ui.root.setAttribute("data-state", "searching");
    run(q, function (result) {
      current = result;
      shown = 0;
      if (result.error) {
        ui.status.textContent = ui.root.getAttribute("data-none");
        ui.results.textContent = "";
      } else {
        showCounts();
        render();
      }
      ui.root.setAttribute("data-ms", String(Date.now() - started));
      ui.root.setAttribute("data-state", "done");
    });
  }

  function param(name) {
    var m = new RegExp("[?&]" + name + "=([^&#]*)").exec(location.search);
    if (!m) return "";
    try { return decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { return ""; }
  }

  function remember(q) {
    var s = "?q=" + encodeURIComponent(q) + (kind ? "&kind=" + kind : "");
    try { history.replaceState(null, "", s); } catch (e) { /* some file:// setups refuse */ }
  }

  function start() {
    var root = document.getElementById("search");
    if (!root) return;
    var kinds = Array.prototype.slice.call(root.querySelectorAll("button[data-kind]"));
    ui = {
      root: root, kinds: kinds,
      input: root.querySelector("input[name=q]"),
      status: root.querySelector(".search-status"),
      results: root.querySelector(".search-results"),
      more: root.querySelector(".search-more"),
    };
    var q = param("q"), k = param("kind");
    kind = KINDS.indexOf(k) >= 0 ? k : "";
    ui.input.value = q;
    document.querySelectorAll(".site-search input[name=q]").forEach(function (i) { i.value = q; });
    root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      remember(ui.input.value);
      go(ui.input.value);
    });
    kinds.forEach(function (b) {
      b.addEventListener("click", function () {
        kind = b.getAttribute("data-kind");
        if (!current) return;
        shown = 0;
        showCounts();
        render();
        remember(ui.input.value);
      });
    });
    ui.more.addEventListener("click", render);
    root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
    root.setAttribute("data-state", "ready");
    if (q) go(q); else ui.input.focus();
  }

  window.YanzhenSearch = {
    index: function (d) {
      data = d;
      var n = d.pages.length;
      rows = d.pages.map(function (x) {
        return {
          href: x[0], title: x[1], kind: x[2], date: x[3], unit: x[4], branch: x[5], tags: x[6], summary: x[7],
          ftitle: fold(x[1]), fsummary: fold(x[7]), fother: fold(x[4] + "\n" + x[5] + "\n" + x[6]),
          meta: fold(x[1] + "\n" + x[7] + "\n" + x[4] + "\n" + x[5] + "\n" + x[6]),
        };
      });
      shardOf = new Uint32Array(n);
      for (var s = 0; s < d.shards.length; s++) {
        var end = s + 1 < d.shards.length ? d.shards[s + 1] : n;
        for (var p = d.shards[s]; p < end; p++) shardOf[p] = s;
        shardState.push(0);
      }
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
    },
    shard: function (s, list) {
      var first = data.shards[s];
      for (var i = 0; i < list.length; i++) { texts[first + i] = list[i]; folded[first + i] = fold(list[i]); }
      shardState[s] = 2;
      var w = waiting; waiting = [];
      w.forEach(function (x) {
        if (x.shards.every(function (t) { return shardState[t] === 2; })) x.done(null); else waiting.push(x);
      });
    },
    run: run,
    loadedShards: function () { return shardState.filter(function (x) { return x === 2; }).length; },
  };
})();
