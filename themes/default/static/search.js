// candor search: finds pages in the reader's browser. Nothing typed is sent
// anywhere: the script downloads parts of the site's own index (search/data/)
// and ranks the pages itself. It loads nothing until the search box is used,
// and stores nothing (no cookies, no Web Storage). The query lives in the
// address after "#", which browsers never send to a server.
//
// Words are cut and folded exactly as the build does it
// (src/render/search/tokenize.rs; tests/fixtures/search/words.tsv checks
// both). The script has no stemmer: the index maps every form of a word
// found on the site to its terms, so a query word is looked up as typed.
// The site's synonym groups come with the index and are applied here.
(function (root) {
  "use strict";

  var FORMAT = 2;
  var PAGE_SIZE = 10;
  // Characters of a result's excerpt.
  var EXCERPT_CHARS = 220;
  var MAX_WORD_CHARS = 40;
  // Words of a query that are searched; the rest are left out.
  var MAX_QUERY_WORDS = 24;
  // How much a page found through a synonym counts, against one with the
  // words as typed.
  var SYNONYM_WEIGHT = 0.5;

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

  // 32-bit FNV-1a of the UTF-8 bytes: which shard holds a word or term.
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  // Edit distance where swapping two neighbouring letters is one edit
  // (optimal string alignment), or `limit + 1` once it is surely above
  // `limit`.
  function distance(a, b, limit) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > limit) {
      return limit + 1;
    }
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
    }
    for (var j = 1; j <= b.length; j++) {
      rows[0][j] = j;
    }
    for (i = 1; i <= a.length; i++) {
      var best = Infinity;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = d;
        best = Math.min(best, d);
      }
      if (best > limit) {
        return limit + 1;
      }
    }
    return rows[a.length][b.length];
  }

  // How far a word may be from the word it is taken for: none under four
  // letters, one edit up to seven, two from eight.
  function allowedEdits(word) {
    var n = Array.from(word).length;
    return n < 4 ? 0 : n < 8 ? 1 : 2;
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

  // A reader of LEB128 varints and strings over `bytes`, from `at`.
  function reader(bytes, at) {
    var decoder = new TextDecoder();
    var r = {
      at: at,
      varint: function () {
        var n = 0;
        var scale = 1;
        var b;
        do {
          b = bytes[r.at++];
          n += (b & 0x7f) * scale;
          scale *= 128;
        } while (b >= 0x80);
        return n;
      },
      string: function () {
        var length = r.varint();
        var text = decoder.decode(bytes.subarray(r.at, r.at + length));
        r.at += length;
        return text;
      },
      strings: function () {
        var out = [];
        for (var n = r.varint(); n > 0; n--) {
          out.push(r.string());
        }
        return out;
      }
    };
    return r;
  }

  // A term's list of `n` entries, read at `r`: how the entries are written
  // (0: gaps; 1: a bitmap of the site's `total` entries), then an impact
  // each (a byte, or four bits past `packedFrom`).
  function readList(bytes, r, n, total, packedFrom) {
    var entries = new Uint32Array(n);
    var j;
    if (bytes[r.at++] === 1) {
      var k = 0;
      for (var e = 0; e < total && k < n; e++) {
        if (bytes[r.at + (e >> 3)] & (1 << (e & 7))) {
          entries[k++] = e;
        }
      }
      r.at += (total + 7) >> 3;
    } else {
      var entry = 0;
      for (j = 0; j < n; j++) {
        entry += r.varint();
        entries[j] = entry;
      }
    }
    var impacts;
    if (n > packedFrom) {
      // Four bits each, two to a byte, standing for 17 to 255.
      impacts = new Uint8Array(n);
      for (j = 0; j < n; j++) {
        var b = bytes[r.at + (j >> 1)];
        impacts[j] = 17 * ((j & 1) ? b & 15 : b >> 4);
      }
      r.at += (n + 1) >> 1;
    } else {
      impacts = bytes.subarray(r.at, r.at + n);
      r.at += n;
    }
    return { entries: entries, impacts: impacts };
  }

  // A shard: { terms: Map(term → { forms, df, entries, impacts } or
  // { forms, df, file } when the list is a file of its own),
  //            forms: Map(word → [term, …]) }. `total` is the site's
  // number of entries.
  function readShard(bytes, total, packedFrom) {
    if (bytes[0] !== FORMAT) {
      throw new Error("unknown index format");
    }
    var r = reader(bytes, 1);
    var terms = new Map();
    for (var count = r.varint(); count > 0; count--) {
      var name = r.string();
      var record = { forms: r.strings(), df: r.varint() };
      if (bytes[r.at++] === 1) {
        record.file = r.string();
      } else {
        var list = readList(bytes, r, record.df, total, packedFrom);
        record.entries = list.entries;
        record.impacts = list.impacts;
      }
      terms.set(name, record);
    }
    var formMap = new Map();
    for (count = r.varint(); count > 0; count--) {
      var form = r.string();
      formMap.set(form, r.strings());
    }
    return { terms: terms, forms: formMap };
  }

  function readJson(bytes) {
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // The synonym groups of the meta file, each phrase cut into its words.
  function compileSynonyms(groups) {
    return (groups || []).map(function (group) {
      return group.map(function (phrase) { return words(phrase); }).filter(function (w) { return w.length; });
    });
  }

  // The longest phrase of `groups` that starts at `tokens[i]`, as
  // { groups: [every group holding it], length }, or null.
  function phraseAt(groups, tokens, i) {
    var found = null;
    groups.forEach(function (group, g) {
      group.forEach(function (phrase) {
        if (i + phrase.length > tokens.length || (found && phrase.length < found.length)) {
          return;
        }
        for (var k = 0; k < phrase.length; k++) {
          if (tokens[i + k] !== phrase[k]) {
            return;
          }
        }
        if (found && phrase.length === found.length) {
          if (found.groups.indexOf(g) < 0) {
            found.groups.push(g);
          }
        } else {
          found = { groups: [g], length: phrase.length };
        }
      });
    });
    return found;
  }

  // A search engine over the index at `base` (a folder URL ending in "/").
  // `load(url, options)` resolves to the bytes of a file. Files are loaded
  // once and kept in memory for later queries.
  function createSearch(base, load) {
    var meta = null;
    var files = new Map();

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
            m.vocabulary = new Set(m.vocabulary);
            m.groups = compileSynonyms(m.synonyms);
            m.profiles = new Map((m.profiles || []).map(function (p) {
              return [p[0], { name: new Set(p[1].split(" ")), places: p[2] || [] }];
            }));
            return m;
          });
        meta.catch(function () {
          meta = null;
        });
      }
      return meta;
    }

    // Loads the index file `path` once, decoded by `read`.
    function cached(m, path, read) {
      if (!files.has(path)) {
        var promise = load(base + path + "?v=" + m.version, {}).then(gunzip).then(read);
        promise.catch(function () {
          files.delete(path);
        });
        files.set(path, promise);
      }
      return files.get(path);
    }

    function shardOf(m, text) {
      return cached(m, "t/" + (fnv1a(text) & (m.shards - 1)).toString(16) + ".gz", function (bytes) {
        return readShard(bytes, m.entries, m.packed_from);
      });
    }

    // The term records a word (folded) stands for, as typed: [] when the
    // site never has it.
    function lookup(m, word) {
      return shardOf(m, word).then(function (shard) {
        var names = shard.forms.get(word) || (shard.terms.has(word) ? [word] : []);
        return Promise.all(names.map(function (name) {
          return shardOf(m, name).then(function (s) {
            var record = s.terms.get(name);
            if (!record || !record.file) {
              return record || null;
            }
            // A long list is a file of its own.
            return cached(m, "l/" + record.file + ".gz", function (bytes) {
              return readList(bytes, reader(bytes, 0), record.df, m.entries, m.packed_from);
            }).then(function (list) {
              return { forms: record.forms, df: record.df, entries: list.entries, impacts: list.impacts };
            });
          });
        }));
      }).then(function (records) {
        return records.filter(Boolean);
      });
    }

    // The site's word nearest to `word`, or null. Among the words of its
    // first letter, then of its second (a swapped or added first letter):
    // the nearest within the edits allowed, the most frequent first among
    // equals; else the longest word `word` starts with ("consenting" when
    // only "consent" is on the site); else the most frequent word that
    // starts with `word` (an unfinished word).
    function correct(m, word) {
      // A number is what was meant: 2019 is not a typo of 2018.
      var limit = /\p{N}/u.test(word) ? 0 : allowedEdits(word);
      var chars = Array.from(word);
      var letters = chars.slice(0, 2).map(function (c) {
        return c.codePointAt(0).toString(16);
      }).filter(function (key, i, all) {
        return m.vocabulary.has(key) && all.indexOf(key) === i;
      });
      if (!limit || !letters.length) {
        return Promise.resolve(null);
      }
      function nearest(list) {
        var best = null;
        var bestDistance = limit + 1;
        for (var k = 0; k < list.length && bestDistance > 1; k++) {
          var d = distance(word, list[k], Math.min(limit, bestDistance - 1));
          if (d < bestDistance && d > 0) {
            best = list[k];
            bestDistance = d;
          }
        }
        return best;
      }
      function affix(list) {
        var stem = null;
        var longer = null;
        list.forEach(function (form) {
          var n = Array.from(form).length;
          if (n >= 4 && n < chars.length && chars.length - n <= 4 && word.indexOf(form) === 0 &&
              (!stem || n > Array.from(stem).length)) {
            stem = form;
          }
          if (!longer && n > chars.length && form.indexOf(word) === 0) {
            longer = form;
          }
        });
        return stem || longer;
      }
      function tryLetter(i) {
        if (i >= letters.length) {
          return Promise.resolve(null);
        }
        return cached(m, "w/" + letters[i] + ".gz", readJson).then(function (list) {
          return nearest(list) || (i === 0 ? affix(list) : null) || tryLetter(i + 1);
        });
      }
      return tryLetter(0);
    }

    // The query as concepts: a phrase of a synonym group stands for its
    // whole group; any other word that is not a stop word for itself. Each
    // concept lists its alternatives, each a list of words.
    function concepts(m, tokens) {
      var out = [];
      function keep(w) {
        return !m.stop.has(w);
      }
      for (var i = 0; i < tokens.length;) {
        var found = phraseAt(m.groups, tokens, i);
        if (found) {
          // The words as typed count fully and the group's other phrases
          // less, so a page in the reader's own words comes first.
          var typed = tokens.slice(i, i + found.length).filter(keep);
          var alternatives = typed.length ? [{ words: typed, weight: 1 }] : [];
          var seen = new Set([typed.join(" ")]);
          found.groups.forEach(function (g) {
            m.groups[g].forEach(function (phrase) {
              var kept = phrase.filter(keep);
              if (kept.length && !seen.has(kept.join(" "))) {
                seen.add(kept.join(" "));
                alternatives.push({ words: kept, weight: SYNONYM_WEIGHT });
              }
            });
          });
          if (alternatives.length) {
            out.push({ alternatives: alternatives, at: i, length: found.length });
          }
          i += found.length;
        } else {
          if (keep(tokens[i])) {
            out.push({ alternatives: [{ words: [tokens[i]], weight: 1 }], at: i, length: 1 });
          }
          i += 1;
        }
      }
      return out;
    }

    // Words alone in their concept that the site never has are replaced by
    // the nearest word it has, when there is one.
    function corrections(m, tokens) {
      var single = concepts(m, tokens).filter(function (c) {
        return c.alternatives.length === 1 && c.length === 1;
      });
      return Promise.all(single.map(function (c) {
        var word = tokens[c.at];
        return lookup(m, word).then(function (records) {
          return records.length ? null : correct(m, word);
        }).then(function (better) {
          return better ? { at: c.at, word: better } : null;
        });
      })).then(function (list) {
        return list.filter(Boolean);
      });
    }

    // Ranks the entries for `query`. Entries with every concept come first
    // and alone; when there are none, entries with some of them.
    function run(query) {
      return loadMeta().then(function (m) {
        // A query is a few words; one pasted from a page, or a crafted
        // address, is cut to its first MAX_QUERY_WORDS.
        var tokens = words(query).slice(0, MAX_QUERY_WORDS);
        return corrections(m, tokens).then(function (fixed) {
          var corrected = null;
          if (fixed.length) {
            tokens = tokens.slice();
            fixed.forEach(function (f) { tokens[f.at] = f.word; });
            corrected = tokens.join(" ");
          }
          return score(m, tokens, concepts(m, tokens), corrected);
        });
      });
    }

    // Whether entry `e` is a profile the query does not name: it then
    // comes after articles and answers.
    function lesser(m, tokens, e) {
      var profile = m.profiles.get(e);
      if (!profile) {
        return false;
      }
      var named = tokens.some(function (t) { return !m.stop.has(t) && profile.name.has(t); });
      var text = " " + tokens.join(" ") + " ";
      var placed = profile.places.some(function (place) { return text.indexOf(" " + place + " ") >= 0; });
      return !named && !placed;
    }

    function score(m, tokens, wanted, corrected) {
      var marks = new Set();
      return Promise.all(wanted.map(function (concept) {
        return Promise.all(concept.alternatives.map(function (alternative) {
          return Promise.all(alternative.words.map(function (word) { return lookup(m, word); }));
        }));
      })).then(function (found) {
        // Per concept: entry → score. An alternative scores the mean of
        // its words' impacts (squared), weighted by each word's rarity; the
        // concept takes its best
        // alternative, weighted, times the rarity of the concept as a whole,
        // so a rare synonym does not outweigh the reader's own word.
        var perConcept = found.map(function (alternatives, c) {
          var best = new Map();
          alternatives.forEach(function (phrase, a) {
            var weight = wanted[c].alternatives[a].weight;
            var sum = null;
            var rarity = 0;
            phrase.forEach(function (records) {
              var word = new Map();
              records.forEach(function (r) {
                r.forms.forEach(function (f) { marks.add(f); });
                for (var i = 0; i < r.entries.length; i++) {
                  var w = r.impacts[i] / 255;
                  var e = r.entries[i];
                  if (!(word.get(e) >= w * w)) {
                    word.set(e, w * w);
                  }
                }
              });
              // Within a phrase, rarer words weigh more.
              var idf = Math.log(1 + (m.entries - word.size + 0.5) / (word.size + 0.5));
              rarity += idf;
              word.forEach(function (v, e) {
                word.set(e, v * idf);
              });
              if (sum === null) {
                sum = word;
                return;
              }
              var both = new Map();
              sum.forEach(function (s, e) {
                if (word.has(e)) {
                  both.set(e, s + word.get(e));
                }
              });
              sum = both;
            });
            (sum || new Map()).forEach(function (s, e) {
              var v = rarity > 0 ? weight * s / rarity : 0;
              if (!(best.get(e) >= v)) {
                best.set(e, v);
              }
            });
          });
          var idf = Math.log(1 + (m.entries - best.size + 0.5) / (best.size + 0.5));
          best.forEach(function (v, e) {
            best.set(e, v * idf);
          });
          return best;
        });
        var scores = new Map();
        var counts = new Map();
        perConcept.forEach(function (best) {
          best.forEach(function (s, e) {
            scores.set(e, (scores.get(e) || 0) + s);
            counts.set(e, (counts.get(e) || 0) + 1);
          });
        });
        var ranked = Array.from(scores);
        var every = ranked.filter(function (pair) { return counts.get(pair[0]) === perConcept.length; });
        var all = every.length > 0;
        ranked = all ? every : ranked;
        ranked.forEach(function (pair) { pair.push(lesser(m, tokens, pair[0]) ? 1 : 0); });
        ranked.sort(function (a, b) { return a[2] - b[2] || b[1] - a[1] || a[0] - b[0]; });
        return {
          terms: wanted.length,
          marks: marks,
          corrected: corrected,
          entries: ranked.map(function (pair) { return pair[0]; }),
          every: all
        };
      });
    }

    // What a result shows: { href, title, label, description, passages }.
    function row(entry) {
      return loadMeta().then(function (m) {
        return cached(m, "p/" + entry + ".gz", readJson).then(function (r) {
          return { href: r[0], title: r[1], label: m.labels[r[2]] || "", description: r[3], passages: r[4] || [] };
        });
      });
    }

    return { meta: loadMeta, run: run, row: row, lookup: function (word) {
      return loadMeta().then(function (m) { return lookup(m, word); });
    } };
  }

  // How many of `marks` the words of `text` hit, and where the first is.
  function hits(text, marks) {
    var found = new Set();
    var first = -1;
    text.replace(WRITTEN_WORD, function (written, offset) {
      var folded = fold(written.replace(/['\u2019]/g, ""));
      if (marks.has(folded)) {
        found.add(folded);
        if (first < 0) {
          first = offset;
        }
      }
      return written;
    });
    return { count: found.size, first: first };
  }

  // The excerpt of a result: the passage with the most of the query's
  // words, around the first of them; else the description; else the start
  // of the text.
  function excerpt(r, marks, chars) {
    var best = null;
    r.passages.forEach(function (p) {
      var h = hits(p, marks);
      if (h.count && (!best || h.count > best.count)) {
        best = { text: p, count: h.count, first: h.first };
      }
    });
    if (!best && r.description) {
      best = { text: r.description, first: Math.max(0, hits(r.description, marks).first) };
    }
    if (!best && r.passages.length) {
      best = { text: r.passages[0], first: 0 };
    }
    if (!best) {
      return "";
    }
    var text = best.text;
    if (text.length <= chars) {
      return text;
    }
    var start = Math.max(0, best.first - Math.floor(chars / 3));
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < best.first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + chars);
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      end = last > best.first ? last : end;
    }
    // Never cut a character written as two UTF-16 units in half.
    var low = function (i) {
      var c = text.charCodeAt(i);
      return c >= 0xdc00 && c <= 0xdfff;
    };
    if (start > 0 && low(start)) {
      start += 1;
    }
    if (end < text.length && low(end)) {
      end -= 1;
    }
    return (start > 0 ? "\u2026" : "") + text.slice(start, end).trim() + (end < text.length ? "\u2026" : "");
  }

  // `text` cut into [piece, matches] pairs, where matches is true for words
  // that are among `marks` (folded forms).
  function markParts(text, marks) {
    var out = [];
    var last = 0;
    text.replace(WRITTEN_WORD, function (written, offset) {
      if (marks.has(fold(written.replace(/['\u2019]/g, "")))) {
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
    distance: distance,
    allowedEdits: allowedEdits,
    fnv1a: fnv1a,
    readShard: readShard,
    readList: readList,
    reader: reader,
    createSearch: createSearch,
    excerpt: excerpt,
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

  function appendMarked(parent, text, marks) {
    markParts(text, marks).forEach(function (part) {
      if (part[1]) {
        var mark = document.createElement("mark");
        mark.textContent = part[0];
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(part[0]));
      }
    });
  }

  function resultItem(r, marks) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.className = "search-result-title";
    link.href = r.href;
    appendMarked(link, r.title, marks);
    item.appendChild(link);
    if (r.label) {
      var label = document.createElement("span");
      label.className = "search-result-label";
      label.textContent = r.label;
      item.appendChild(label);
    }
    var text = excerpt(r, marks, EXCERPT_CHARS);
    if (text) {
      var p = document.createElement("p");
      p.className = "search-result-excerpt";
      appendMarked(p, text, marks);
      item.appendChild(p);
    }
    return item;
  }

  function describe(found, typed) {
    var total = found.entries.length;
    var q = found.corrected || typed;
    var prefix = found.corrected && total
      ? message("corrected", { query: q, typed: typed },
        "Showing results for \u201c{$query}\u201d instead of \u201c{$typed}\u201d.") + " "
      : "";
    if (!found.terms) {
      return message("common-words", { query: q }, "\u201c{$query}\u201d has only very common words. Try other words.");
    }
    if (!total) {
      return message("no-results", { query: q },
        "No results for \u201c{$query}\u201d. Try other words, or browse the lists below.");
    }
    if (!found.every) {
      return prefix + counted("partial", total, { query: q }, {
        one: "No page has all of \u201c{$query}\u201d; {n} result has some of these words.",
        other: "No page has all of \u201c{$query}\u201d; {n} results have some of these words."
      });
    }
    return prefix + counted("results", total, { query: q }, {
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
        var item = resultItem(r, current.marks);
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
    engine.run(q).then(function (found) {
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
