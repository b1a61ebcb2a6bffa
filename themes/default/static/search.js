// candor search: finds pages in the reader's browser. Nothing typed is sent
// anywhere: the script downloads parts of the site's own index (search/data/)
// and ranks the pages itself. It loads nothing until the search box is used,
// and stores nothing (no cookies, no Web Storage). The query lives in the
// address after "#", which browsers never send to a server.
//
// Words are cut, folded and stemmed exactly as the build does it
// (src/search/tokenize.rs and stem.rs); tests/fixtures/search/words.tsv
// checks both.
(function (root) {
  "use strict";

  var FORMAT = 1;
  var PAGE_SIZE = 10;
  var MAX_WORD_CHARS = 40;

  // ---- Words -------------------------------------------------------------

  var W = "\\p{Alphabetic}\\p{N}\\u0300-\\u036f";
  var WORD = new RegExp("[" + W + "]+", "gu");
  var INNER_APOSTROPHE = new RegExp("(?<=[" + W + "])['\\u2019](?=[" + W + "])", "gu");
  // A word as written, apostrophes included, for marking it in results.
  var WRITTEN_WORD = new RegExp("[" + W + "]+(?:['\\u2019][" + W + "]+)*", "gu");
  var SPELLED_OUT = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };

  function fold(word) {
    var lower = word.toLowerCase();
    if (/^[\x00-\x7f]*$/.test(lower)) {
      return lower;
    }
    return lower
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[ßæœøłđðþı]/g, function (c) { return SPELLED_OUT[c]; });
  }

  function words(text) {
    var found = text.replace(INNER_APOSTROPHE, "").match(WORD) || [];
    var out = [];
    for (var i = 0; i < found.length; i++) {
      var folded = fold(found[i]);
      var chars = Array.from(folded).length;
      if (chars >= 2 && chars <= MAX_WORD_CHARS) {
        out.push(folded);
      }
    }
    return out;
  }

  var ENDINGS = [
    ["ational", "ate", 3], ["ization", "ize", 3], ["isation", "ize", 3],
    ["bility", "ble", 2], ["ality", "al", 3], ["ivity", "ive", 3],
    ["ness", "", 5], ["ment", "", 4], ["ful", "", 4], ["ist", "", 4],
    ["ism", "", 4], ["ion", "", 5], ["ous", "", 4], ["ive", "", 4],
    ["ly", "", 5], ["al", "", 4]
  ];
  var Y_TO_I = ["ness", "ment", "ful", "ly"];

  function ends(w, suffix) {
    return w.length >= suffix.length && w.slice(w.length - suffix.length) === suffix;
  }

  function isVowel(c) {
    return "aeiouy".indexOf(c) >= 0;
  }

  function stem(word) {
    var w = word;
    if (w.length < 4 || !/^[a-z]+$/.test(w)) {
      return word;
    }
    if (ends(w, "sses")) {
      w = w.slice(0, -2);
    } else if (ends(w, "ies")) {
      w = w.slice(0, -3) + (w.length > 4 ? "y" : "ie");
    } else if (ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) {
      w = w.slice(0, -1);
    }
    var verb = ends(w, "ing") ? "ing" : ends(w, "ed") ? "ed" : "";
    if (verb) {
      var base = w.slice(0, w.length - verb.length);
      if (base.length >= 3 && /[aeiouy]/.test(base)) {
        if (verb === "ed" && ends(base, "i")) {
          base = base.slice(0, -1) + "y";
        }
        var n = base.length;
        if (n > 3 && base[n - 1] === base[n - 2] && !isVowel(base[n - 1]) && "lsz".indexOf(base[n - 1]) < 0) {
          base = base.slice(0, -1);
        }
        w = base;
      }
    }
    for (var round = 0; round < 2; round++) {
      var found = null;
      for (var i = 0; i < ENDINGS.length; i++) {
        if (w.length >= ENDINGS[i][0].length + ENDINGS[i][2] && ends(w, ENDINGS[i][0])) {
          found = ENDINGS[i];
          break;
        }
      }
      if (!found) {
        break;
      }
      w = w.slice(0, w.length - found[0].length);
      if (Y_TO_I.indexOf(found[0]) >= 0 && ends(w, "i")) {
        w = w.slice(0, -1) + "y";
      }
      w += found[1];
    }
    if (w.length >= 6 && ends(w, "our")) {
      w = w.slice(0, -3) + "or";
    }
    if ((w.length >= 4 && ends(w, "e")) || (w.length >= 5 && ends(w, "y"))) {
      w = w.slice(0, -1);
    }
    return w;
  }

  // The term a folded word is indexed under, or null for a stop word.
  function term(word, stop) {
    if (stop.has(word)) {
      return null;
    }
    return /^[a-z]+$/.test(word) ? stem(word) : word;
  }

  function terms(text, stop) {
    var out = [];
    var list = words(text);
    for (var i = 0; i < list.length; i++) {
      var t = term(list[i], stop);
      if (t !== null) {
        out.push(t);
      }
    }
    return out;
  }

  // 32-bit FNV-1a of the UTF-8 bytes: which shard holds a term.
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  // ---- The index -----------------------------------------------------------

  // Index files are gzip-compressed by the build. A server may also have
  // decompressed one on the way (Content-Encoding): then it is used as is.
  function gunzip(bytes) {
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
      return Promise.resolve(bytes);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      return new Uint8Array(buffer);
    });
  }

  function readShard(bytes) {
    var at = 0;
    function varint() {
      var n = 0;
      var scale = 1;
      var b;
      do {
        b = bytes[at++];
        n += (b & 0x7f) * scale;
        scale *= 128;
      } while (b >= 0x80);
      return n;
    }
    if (bytes[at++] !== FORMAT) {
      throw new Error("unknown index format");
    }
    var decoder = new TextDecoder();
    var found = new Map();
    var count = varint();
    for (var i = 0; i < count; i++) {
      var length = varint();
      var name = decoder.decode(bytes.subarray(at, at + length));
      at += length;
      var df = varint();
      var n = varint();
      var entries = new Uint32Array(n);
      var entry = 0;
      for (var j = 0; j < n; j++) {
        entry += varint();
        entries[j] = entry;
      }
      found.set(name, { df: df, entries: entries, impacts: bytes.subarray(at, at + n) });
      at += n;
    }
    return found;
  }

  function readJson(bytes) {
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // A search engine over the index at `base` (a folder URL ending in "/").
  // `load(url, options)` resolves to the bytes of a file. Files are loaded
  // once and kept in memory for later queries.
  function createSearch(base, load) {
    var meta = null;
    var shards = new Map();
    var parts = new Map();

    function loadMeta() {
      if (!meta) {
        meta = load(base + "meta.gz", { cache: "no-cache" })
          .then(gunzip)
          .then(function (bytes) {
            var m = readJson(bytes);
            if (m.format !== FORMAT) {
              throw new Error("unknown index format");
            }
            m.stop = new Set(m.stop);
            return m;
          });
        meta.catch(function () {
          meta = null;
        });
      }
      return meta;
    }

    // Loads `url` once, decoded by `read`.
    function cached(map, key, url, read) {
      if (!map.has(key)) {
        var promise = load(url, {}).then(gunzip).then(read);
        promise.catch(function () {
          map.delete(key);
        });
        map.set(key, promise);
      }
      return map.get(key);
    }

    function postings(m, t) {
      var shard = (fnv1a(t) & (m.shards - 1)).toString(16);
      return cached(shards, shard, base + "t/" + shard + ".gz?v=" + m.version, readShard).then(function (found) {
        return found.get(t) || null;
      });
    }

    // Ranks the entries for `query`. Entries with every word come first and
    // alone; when there are none, entries with some of the words. A word
    // found in very many entries (its list was cut short by the build) is
    // not required, unless every word is such a word.
    function run(query) {
      return loadMeta().then(function (m) {
        var wanted = Array.from(new Set(terms(query, m.stop)));
        if (!wanted.length) {
          return { terms: wanted, entries: [], every: true };
        }
        return Promise.all(wanted.map(function (t) { return postings(m, t); })).then(function (lists) {
          var scores = new Map();
          var required = [];
          var common = [];
          lists.forEach(function (list) {
            if (!list) {
              required.push(new Set());
              return;
            }
            var idf = Math.log(1 + (m.entries - list.df + 0.5) / (list.df + 0.5));
            for (var i = 0; i < list.entries.length; i++) {
              var w = list.impacts[i] / 255;
              var e = list.entries[i];
              scores.set(e, (scores.get(e) || 0) + idf * w * w);
            }
            (list.entries.length === list.df ? required : common).push(new Set(list.entries));
          });
          if (!required.length) {
            required = common;
          }
          var ranked = Array.from(scores);
          var every = ranked.filter(function (pair) {
            return required.every(function (set) { return set.has(pair[0]); });
          });
          var all = every.length > 0;
          ranked = all ? every : ranked;
          ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          return {
            terms: wanted,
            entries: ranked.map(function (pair) { return pair[0]; }),
            every: all
          };
        });
      });
    }

    // What a result shows: { href, title, label, excerpt }.
    function row(entry) {
      return loadMeta().then(function (m) {
        var part = Math.floor(entry / m.chunk);
        return cached(parts, part, base + "p/" + part + ".gz?v=" + m.version, readJson).then(function (rows) {
          var r = rows[entry % m.chunk];
          return { href: r[0], title: r[1], label: m.labels[r[2]] || "", excerpt: r[3] };
        });
      });
    }

    return { meta: loadMeta, run: run, row: row };
  }

  // `text` cut into [piece, matches] pairs, where matches is true for words
  // whose term is one of `wanted`.
  function markParts(text, wanted, stop) {
    var out = [];
    var last = 0;
    text.replace(WRITTEN_WORD, function (written, offset) {
      var folded = words(written.replace(/['\u2019]/g, ""));
      var t = folded.length === 1 ? term(folded[0], stop) : null;
      if (t !== null && wanted.indexOf(t) >= 0) {
        if (offset > last) {
          out.push([text.slice(last, offset), false]);
        }
        out.push([written, true]);
        last = offset + written.length;
      }
      return written;
    });
    if (last < text.length) {
      out.push([text.slice(last), false]);
    }
    return out;
  }

  var api = {
    fold: fold,
    words: words,
    stem: stem,
    terms: terms,
    fnv1a: fnv1a,
    readShard: readShard,
    createSearch: createSearch,
    markParts: markParts
  };

  if (typeof document === "undefined") {
    // Outside a page (the test suite and benchmark, in Node): hand over the
    // functions and draw nothing.
    root.candorSearch = api;
    return;
  }

  // ---- The page ------------------------------------------------------------

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var box = document.getElementById("search-results");
  var list = document.getElementById("search-results-list");
  var more = document.getElementById("search-more");
  if (!form || !input || !status || !box || !list || !more) {
    return;
  }
  if (!window.DecompressionStream) {
    // This browser cannot read the index. Sending the form would put the
    // words in an address the server sees, so it is stopped and the lists
    // are offered instead.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      status.textContent = status.getAttribute("data-unsupported") ||
        "This browser cannot search this site. The lists below link to every page.";
    });
    return;
  }
  // The promise that words stay in the browser is only made, shown and
  // read out, where it holds.
  var hint = document.getElementById("search-hint");
  if (hint) {
    hint.hidden = false;
    input.setAttribute("aria-describedby", hint.id);
  }

  var engine = createSearch(form.getAttribute("data-search-index"), function (url, options) {
    return fetch(url, { credentials: "same-origin", cache: options.cache || "default" }).then(function (response) {
      if (!response.ok) {
        throw new Error("could not load " + url);
      }
      return response.arrayBuffer();
    }).then(function (buffer) {
      return new Uint8Array(buffer);
    });
  });

  var generation = 0;
  var current = null;
  var shown = 0;
  var stopWords = new Set();

  // What the status says comes from the page, in its language: data-…
  // attributes of #search-status, where {$query} stands for the words
  // searched and, in those with one text per plural category
  // ({"one": "{n} result for …", "other": …}), {n} for the number. The
  // English here is for a page without them.
  var pluralRules = null;
  try {
    pluralRules = new Intl.PluralRules(document.documentElement.lang || "en");
  } catch (e) {
    pluralRules = null;
  }

  function fill(text, values) {
    return text.replace(/\{\$?(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function message(name, values, fallback) {
    return fill(status.getAttribute("data-" + name) || fallback, values);
  }

  function counted(name, n, values, fallback) {
    var forms = fallback;
    try {
      forms = JSON.parse(status.getAttribute("data-" + name) || "") || fallback;
    } catch (e) {
      forms = fallback;
    }
    var category = pluralRules ? pluralRules.select(n) : (n === 1 ? "one" : "other");
    values.n = n;
    return fill(forms[category] || forms.other || fallback.other, values);
  }

  function appendMarked(parent, text, wanted) {
    markParts(text, wanted, stopWords).forEach(function (part) {
      if (part[1]) {
        var mark = document.createElement("mark");
        mark.textContent = part[0];
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(part[0]));
      }
    });
  }

  function resultItem(r, wanted) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.className = "search-result-title";
    link.href = r.href;
    appendMarked(link, r.title, wanted);
    item.appendChild(link);
    if (r.label) {
      var label = document.createElement("span");
      label.className = "search-result-label";
      label.textContent = r.label;
      item.appendChild(label);
    }
    if (r.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.className = "search-result-excerpt";
      appendMarked(excerpt, r.excerpt, wanted);
      item.appendChild(excerpt);
    }
    return item;
  }

  function describe(found, q) {
    var total = found.entries.length;
    if (!found.terms.length) {
      return message("common-words", { query: q }, "\u201c{$query}\u201d has only very common words. Try other words.");
    }
    if (!total) {
      return message("no-results", { query: q },
        "No results for \u201c{$query}\u201d. Try other words, or browse the lists below.");
    }
    if (!found.every) {
      return counted("partial", total, { query: q }, {
        one: "No page has all of \u201c{$query}\u201d; {n} result has some of these words.",
        other: "No page has all of \u201c{$query}\u201d; {n} results have some of these words."
      });
    }
    return counted("results", total, { query: q }, {
      one: "{n} result for \u201c{$query}\u201d.",
      other: "{n} results for \u201c{$query}\u201d."
    });
  }

  // Shows the next results; resolves to the first new link.
  function showMore(gen) {
    var batch = current.entries.slice(shown, shown + PAGE_SIZE);
    return Promise.all(batch.map(engine.row)).then(function (rows) {
      if (gen !== generation) {
        return null;
      }
      var first = null;
      rows.forEach(function (r) {
        var item = resultItem(r, current.terms);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      shown += rows.length;
      more.hidden = shown >= current.entries.length;
      return first;
    });
  }

  function clear() {
    generation++;
    current = null;
    shown = 0;
    list.textContent = "";
    box.hidden = true;
    more.hidden = true;
    status.textContent = "";
  }

  function search(q) {
    clear();
    if (!q) {
      return;
    }
    var gen = generation;
    status.textContent = message("searching", {}, "Searching\u2026");
    engine.meta().then(function (m) {
      stopWords = m.stop;
      return engine.run(q);
    }).then(function (found) {
      if (gen !== generation) {
        return null;
      }
      current = found;
      return showMore(gen).then(function () {
        if (gen !== generation) {
          return;
        }
        box.hidden = found.entries.length === 0;
        status.textContent = describe(found, q);
      });
    }).catch(function () {
      if (gen === generation) {
        status.textContent = message("unavailable", {},
          "Search is not available right now. The lists below link to every page.");
      }
    });
  }

  // The query in the address: "#q=…" (never sent to a server). A "?q=" from
  // the form without JavaScript, or from a link, is moved there.
  function queryInAddress() {
    var hash = window.location.hash.slice(1);
    if (!hash) {
      return "";
    }
    var params = new URLSearchParams(hash);
    return params.has("q") ? params.get("q") : null;
  }

  function addressFor(q) {
    var path = window.location.pathname;
    return q ? path + "#" + new URLSearchParams({ q: q }).toString() : path;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (queryInAddress() !== q) {
      window.history.pushState(null, "", addressFor(q));
    }
    search(q);
  });

  window.addEventListener("popstate", function () {
    var q = queryInAddress();
    if (q === null) {
      return; // another anchor on the page, such as #main
    }
    input.value = q;
    search(q);
  });

  function prefetch() {
    engine.meta().catch(function () {});
  }
  input.addEventListener("focus", prefetch, { once: true });
  input.addEventListener("input", prefetch, { once: true });

  more.addEventListener("click", function () {
    if (!current) {
      return;
    }
    showMore(generation).then(function (first) {
      if (first) {
        first.focus();
      }
    });
  });

  // Arrow keys move between the box and the results.
  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll("a.search-result-title"));
  }
  input.addEventListener("keydown", function (event) {
    var links = resultLinks();
    if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[0].focus();
    }
  });
  list.addEventListener("keydown", function (event) {
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    if (event.key === "ArrowDown" && at + 1 < links.length) {
      event.preventDefault();
      links[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? links[at - 1] : input).focus();
    }
  });

  var initial = queryInAddress();
  var fromForm = new URLSearchParams(window.location.search).get("q");
  if (fromForm !== null) {
    initial = fromForm.trim();
    window.history.replaceState(null, "", addressFor(initial));
  }
  if (initial) {
    input.value = initial;
    search(initial);
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
