// What Pagefind downloads for a search, measured in a real headless browser,
// so that the search benchmark can show it beside candor's own figures.
//
// Usage:
//   node benches/pagefind_bytes.mjs BUILT_SITE_DIR QUERY [QUERY...]
//
// BUILT_SITE_DIR is a `candor build` output folder that Pagefind (npm
// package `pagefind`, version 1.x) has already indexed. Pagefind is not a
// dependency of the project; install it into a throw-away npm prefix (the
// package pulls its native binary from the npm package
// `@pagefind/linux-x64`, nothing else is downloaded) and index the site:
//
//   tmp=$(mktemp -d)
//   npm install --prefix "$tmp" pagefind@1
//   "$tmp/node_modules/.bin/pagefind" --site BUILT_SITE_DIR
//   node benches/pagefind_bytes.mjs BUILT_SITE_DIR rareword commonword "two words"
//   rm -rf "$tmp" BUILT_SITE_DIR/pagefind
//
// Pagefind writes its files into BUILT_SITE_DIR/pagefind/. Candor's pages
// carry no `data-pagefind-body` attribute, so Pagefind indexes the <body> of
// every HTML page: articles, but also list pages, tag pages and 404.html.
//
// Needs Node 20 or later, Debian's Chromium at /usr/bin/chromium, and
// playwright-core as installed by tests/browser (`npm ci` there).
//
// What is measured
// ----------------
// The script serves BUILT_SITE_DIR on 127.0.0.1 (any free port) with a small
// static server of its own and counts the body bytes of every response, per
// request path. Every file is sent exactly as stored, with no compression
// added: Pagefind's index files (.pf_meta, .pf_index, .pf_fragment) and its
// wasm are gzip streams already, written so by Pagefind, so the "bytes"
// figure is what a browser downloads from a host that does not compress.
// Most hosts do gzip text responses, and candor's own benchmark counts its
// files gzip'd, so each case also gives "gzip-host": the same responses with
// the .js, .json, .html and .css bodies gzip-compressed (zlib, level 9) and
// everything else as stored.
//
// Responses carry `Cache-Control: max-age=3600`, as a static host would send,
// so a file fetched twice in one browser context is downloaded once.
//
// Each case runs in Chromium (headless, through playwright-core) on a blank
// page the script serves itself (/__bench.html, not part of the site and not
// counted). The page does what a site's search box does with Pagefind's
// JavaScript API: imports /pagefind/pagefind.js, calls init(), runs
// search(QUERY), then loads data() for the first ten results.
//
//   first  - each QUERY as the first search in a fresh browser context (empty
//            cache, nothing loaded): everything it downloads is counted, that
//            is pagefind.js, its web worker script, the wasm, the entry json,
//            the language's meta file, the index chunks and the fragments.
//            The detail line under it splits that into the runtime
//            (pagefind.js, pagefind-worker.js, wasm) and the index
//            (everything else), since candor's benchmark does not count its
//            own search.js.
//   second - for each QUERY other than the last: a fresh context first
//            searches the LAST query (not counted), then searches QUERY in
//            the same page; only the bytes of that second search are counted.
//            Each second search thus starts from the same state, as in
//            candor's benchmark (which primes with its two-word query: pass
//            the two-word query last).
//
// The waits are on Pagefind's own promises (page.evaluate returns once every
// awaited fetch has finished); there is no fixed sleep. A case that takes
// longer than two minutes fails the run.
//
// Output, one line per case (grep '^pagefind '):
//   pagefind first  query="X"  files=N  bytes=B (XX.X KB)  results=R  gzip-host=B (XX.X KB)
//   pagefind second query="X"  files=N  bytes=B (XX.X KB)  gzip-host=B (XX.X KB)
//   pagefind ui     pagefind-ui.js+pagefind-ui.css  bytes=B (XX.X KB)  gzip=B (XX.X KB)
//   pagefind summary first-search bytes min=B (XX.X KB) query="X"  max=B (XX.X KB) query="Y"  ...
// KB is 1024 bytes. "results" is the number of pages Pagefind matched.
// The ui line is for reference only: the size of Pagefind's default UI
// (its script and stylesheet, gzip level 9), which a site using that UI
// would download on top of the API figures. Lines starting with two spaces
// give detail (per-kind split, and per-path bytes with PAGEFIND_BYTES_DETAIL=1).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const SHOWN = 10; // results whose data() a first page of results loads
const CASE_TIMEOUT_MS = 120_000;
const BENCH_PAGE = '/__bench.html';

const [siteArg, ...queries] = process.argv.slice(2);
if (!siteArg || queries.length === 0) {
  console.error('usage: node benches/pagefind_bytes.mjs BUILT_SITE_DIR QUERY [QUERY...]');
  process.exit(2);
}
const site = path.resolve(siteArg);
if (!existsSync(path.join(site, 'pagefind', 'pagefind.js'))) {
  console.error(
    `pagefind_bytes: ${site}/pagefind/pagefind.js not found; index the site first:\n` +
      `  npm install --prefix "$tmp" pagefind@1 && "$tmp/node_modules/.bin/pagefind" --site ${siteArg}`,
  );
  process.exit(1);
}

// The browser suite's own launcher: the same Chromium, flags and
// loopback-only name resolution.
const { launchBrowser } = await import(new URL('../tests/browser/checks.mjs', import.meta.url).href);

// --- the static server -------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
  '.pagefind': 'application/octet-stream', // wasm.LANG.pagefind: gzip'd wasm
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
};
// Bodies a compressing host would gzip.
const TEXT_EXT = new Set(['.html', '.css', '.js', '.mjs', '.json']);

const BENCH_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pagefind bytes</title>
<link rel="icon" href="data:,"></head><body>
<script>
window.benchSearch = async (query, shown) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const found = await pagefind.search(query);
  await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
  return found.results.length;
};
</script></body></html>`;

/** Everything sent since the last reset, by request path. */
let served = new Map();
const gzCache = new Map(); // file path -> gzip-level-9 size

function record(urlPath, ext, file, body) {
  let gz = body.length;
  if (TEXT_EXT.has(ext)) {
    const key = file ?? urlPath;
    if (!gzCache.has(key)) gzCache.set(key, gzipSync(body, { level: 9 }).length);
    gz = gzCache.get(key);
  }
  const e = served.get(urlPath) ?? { count: 0, bytes: 0, gz: 0 };
  e.count += 1;
  e.bytes += body.length;
  e.gz += gz;
  served.set(urlPath, e);
}

async function handle(req, res) {
  const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const send = (status, type, body, file) => {
    const ext = file ? path.extname(file) : '.html';
    if (urlPath !== BENCH_PAGE) record(urlPath, ext, file, body);
    res.writeHead(status, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (urlPath === BENCH_PAGE) return send(200, TYPES['.html'], Buffer.from(BENCH_HTML));
  let file = path.join(site, path.normalize(urlPath));
  if (file !== site && !file.startsWith(site + path.sep)) return send(403, 'text/plain', Buffer.from('forbidden'));
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', body, file);
  } catch {
    send(404, 'text/plain', Buffer.from('not found'));
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    res.writeHead(500);
    res.end(String(err));
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// --- the browser --------------------------------------------------------------

const browser = await launchBrowser();

function withTimeout(promise, what) {
  let timer;
  const deadline = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer in ${CASE_TIMEOUT_MS / 1000}s`)), CASE_TIMEOUT_MS);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A fresh context (own, empty cache) on the bench page. */
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') errors.push(msg.text());
  });
  await page.goto(origin + BENCH_PAGE);
  return { context, page, errors };
}

/** Runs one search in `p`; returns what was served for it. */
async function search(p, query) {
  served = new Map();
  let results;
  try {
    results = await withTimeout(p.page.evaluate(([q, n]) => window.benchSearch(q, n), [query, SHOWN]), `search "${query}"`);
  } catch (err) {
    throw new Error(`${err.message}\n${p.errors.join('\n')}`);
  }
  const paths = served;
  served = new Map();
  let files = 0, bytes = 0, gz = 0;
  for (const e of paths.values()) {
    files += e.count;
    bytes += e.bytes;
    gz += e.gz;
  }
  return { query, results, files, bytes, gz, paths, errors: [...p.errors] };
}

// --- reporting ------------------------------------------------------------------

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const quote = (q) => `query="${q}"`;

function kindOf(urlPath) {
  const name = urlPath.replace(/^\/pagefind\//, '');
  if (name === 'pagefind.js' || name === 'pagefind-worker.js' || /^wasm\./.test(name)) return 'runtime';
  if (name.startsWith('index/')) return 'index';
  if (name.startsWith('fragment/')) return 'fragment';
  if (name.endsWith('.pf_meta') || name === 'pagefind-entry.json') return 'meta';
  if (name.startsWith('filter/')) return 'filter';
  return 'other';
}

function detail(r) {
  const kinds = {};
  for (const [p, e] of r.paths) {
    const k = (kinds[kindOf(p)] ??= { files: 0, bytes: 0, gz: 0 });
    k.files += e.count;
    k.bytes += e.bytes;
    k.gz += e.gz;
  }
  const order = ['runtime', 'meta', 'index', 'fragment', 'filter', 'other'];
  const parts = order
    .filter((k) => kinds[k])
    .map((k) => `${k}: ${kinds[k].files} files ${kinds[k].bytes} B (gzip-host ${kinds[k].gz} B)`);
  const rt = kinds.runtime ?? { bytes: 0, gz: 0 };
  console.log(`  ${parts.join('; ')}`);
  console.log(
    `  without the runtime (pagefind.js, worker, wasm): bytes=${r.bytes - rt.bytes} (${kb(r.bytes - rt.bytes)})` +
      `  gzip-host=${r.gz - rt.gz} (${kb(r.gz - rt.gz)})`,
  );
  if (process.env.PAGEFIND_BYTES_DETAIL) {
    for (const [p, e] of [...r.paths].sort()) {
      console.log(`    ${p}  x${e.count}  ${e.bytes} B  gzip-host ${e.gz} B`);
    }
  }
  for (const p of r.paths.keys()) {
    if (!p.startsWith('/pagefind/')) console.log(`  note: also served ${p}`);
  }
  for (const e of new Set(r.errors)) console.log(`  browser console: ${e}`);
}

// --- the cases ------------------------------------------------------------------

let exitCode = 0;
try {
  const firsts = [];
  for (const query of queries) {
    const p = await freshPage();
    const r = await search(p, query);
    await p.context.close();
    firsts.push(r);
    console.log(
      `pagefind first  ${quote(query)}  files=${r.files}  bytes=${r.bytes} (${kb(r.bytes)})  results=${r.results}` +
        `  gzip-host=${r.gz} (${kb(r.gz)})`,
    );
    detail(r);
  }

  const last = queries[queries.length - 1];
  for (const query of queries.slice(0, -1)) {
    const p = await freshPage();
    await search(p, last);
    const r = await search(p, query);
    await p.context.close();
    console.log(
      `pagefind second ${quote(query)}  files=${r.files}  bytes=${r.bytes} (${kb(r.bytes)})` +
        `  gzip-host=${r.gz} (${kb(r.gz)})  results=${r.results}  after ${quote(last)}`,
    );
    detail(r);
  }

  const ui = ['pagefind-ui.js', 'pagefind-ui.css'].map((f) => path.join(site, 'pagefind', f));
  if (ui.every(existsSync)) {
    const bodies = await Promise.all(ui.map((f) => readFile(f)));
    const raw = bodies.reduce((s, b) => s + b.length, 0);
    const gz = bodies.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0);
    console.log(
      `pagefind ui     pagefind-ui.js+pagefind-ui.css  bytes=${raw} (${kb(raw)})  gzip=${gz} (${kb(gz)})` +
        '  (reference only: the default UI, not loaded by the cases above)',
    );
  }

  const byBytes = [...firsts].sort((a, b) => a.bytes - b.bytes);
  const byGz = [...firsts].sort((a, b) => a.gz - b.gz);
  const lo = byBytes[0], hi = byBytes[byBytes.length - 1];
  const glo = byGz[0], ghi = byGz[byGz.length - 1];
  console.log(
    `pagefind summary first-search bytes min=${lo.bytes} (${kb(lo.bytes)}) ${quote(lo.query)}` +
      `  max=${hi.bytes} (${kb(hi.bytes)}) ${quote(hi.query)}` +
      `  gzip-host min=${glo.gz} (${kb(glo.gz)})  max=${ghi.gz} (${kb(ghi.gz)})`,
  );
} catch (err) {
  console.error(`pagefind_bytes: ${err.stack ?? err}`);
  exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
process.exit(exitCode);
