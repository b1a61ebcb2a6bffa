// What a search downloads: runs the site's own search.js (in Node, with its
// downloads read from the built site and counted) on a rare word, a common
// word and a two-word query, each as a first search in a fresh page, then
// second searches after the two-word query, and the worst case of every
// indexed word as a first and as a second search. Prints one line per case.
//
// Usage: node benches/search_bytes.mjs BUILT_SITE_DIR
//
// The index files are gzip-compressed by the build, so the bytes counted are
// exactly what a browser downloads. Terms are chosen from the index itself:
// the rarest term, the most common term, and the two most common terms.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const SHOWN = 10; // results a first page of results shows
const FIRST_TARGET = 50 * 1024;
const SECOND_TARGET = 15 * 1024;
const PAGE_TARGET = 15 * 1024;

const site = process.argv[2];
if (!site) {
  console.error('usage: node benches/search_bytes.mjs BUILT_SITE_DIR');
  process.exit(2);
}
const data = path.join(site, 'search', 'data');
// The script is published under a name with a hash of its bytes: the one
// the search page loads.
const pageHtml = readFileSync(path.join(site, 'search', 'index.html'));
const scriptSrc = pageHtml.toString('utf8').match(/<script src="[^"]*?\/(search(?:\.[0-9a-f]{8})?\.js)"/);
if (!scriptSrc) {
  console.error('search_bytes: the search page loads no search.js');
  process.exit(1);
}
const script = path.join(site, scriptSrc[1]);
vm.runInThisContext(readFileSync(script, 'utf8'), { filename: script });
const { createSearch, readShard } = globalThis.candorSearch;
// What every first search downloads before the index: the page and the
// script, gzip-compressed as a host sends them.
const pageGz = gzipSync(pageHtml, { level: 9 }).length;
const scriptGz = gzipSync(readFileSync(script), { level: 9 }).length;

/** A fresh "page": an engine whose downloads are recorded. */
function freshPage() {
  const loads = [];
  const engine = createSearch('/search/data/', async (url) => {
    const file = path.join(site, new URL(url, 'http://site.invalid').pathname);
    const bytes = readFileSync(file);
    loads.push({ url, bytes: bytes.length });
    return new Uint8Array(bytes);
  });
  return { engine, loads };
}

/** Runs `query` as the reader's search does: rank, then show the first results. */
async function search(page, query) {
  const before = page.loads.length;
  const found = await page.engine.run(query);
  await Promise.all(found.entries.slice(0, SHOWN).map(page.engine.row));
  const loads = page.loads.slice(before);
  return {
    results: found.entries.length,
    bytes: loads.reduce((sum, l) => sum + l.bytes, 0),
    files: loads.length,
  };
}

// Every word a reader could type as it is, with the number of entries of
// its term, from every shard.
const page = freshPage();
const meta = await page.engine.meta();
const terms = [];
for (const file of readdirSync(path.join(data, 't'))) {
  const raw = readFileSync(path.join(data, 't', file));
  const bytes = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  for (const [, record] of readShard(bytes, meta.entries, meta.packed_from).terms) {
    const form = record.forms.find((f) => /^[a-z]+$/.test(f) && !meta.stop.has(f));
    if (form) {
      terms.push({ name: form, df: record.df });
    }
  }
}
terms.sort((a, b) => a.df - b.df || (a.name < b.name ? -1 : 1));
if (terms.length < 3) {
  console.error('search_bytes: the index has fewer than three searchable terms');
  process.exit(1);
}
const rare = terms[0];
const common = terms[terms.length - 1];
const second = terms[terms.length - 2];
const middle = terms[Math.floor(terms.length / 2)];
// A typo: the middle word with two letters swapped.
const typo = middle.name.length >= 5
  ? middle.name.slice(0, 2) + middle.name[3] + middle.name[2] + middle.name.slice(4)
  : `${middle.name}x`;

const kb = (n) => `${(n / 1024).toFixed(1)}KB`;
const verdict = (n, target) => (n <= target ? 'ok' : 'MISSED');
let missed = 0;

function report(label, query, r, target, extra = 0) {
  const total = r.bytes + extra;
  const ok = verdict(total, target);
  if (ok !== 'ok') missed += 1;
  console.log(
    `${label.padEnd(24)} q="${query}"`.padEnd(52) +
      ` total=${kb(total).padStart(7)} (index and results ${kb(r.bytes)}, files=${r.files}) results=${r.results}` +
      `  (target <= ${kb(target)}): ${ok}`,
  );
}

const pageOk = verdict(pageGz, PAGE_TARGET);
if (pageOk !== 'ok') missed += 1;
console.log(`search page              ${kb(pageGz)} gzip  (target <= ${kb(PAGE_TARGET)}): ${pageOk}`);
console.log(`search.js                ${kb(scriptGz)} gzip`);

const cases = [
  ['first: rare word', rare.name, `df=${rare.df}`],
  ['first: common word', common.name, `df=${common.df}`],
  ['first: two words', `${common.name} ${second.name}`, `df=${common.df},${second.df}`],
  ['first: misspelt word', typo, `df=${middle.df}`],
];
for (const [label, query] of cases) {
  report(label, query, await search(freshPage(), query), FIRST_TARGET, pageGz + scriptGz);
}
// The same queries, for another search tool to be measured on.
console.log(`queries\t${cases.slice(0, 3).map((c) => c[1]).join('\t')}`);

// Second searches, in the page that searched the two words first.
for (const query of [rare.name, middle.name, `${rare.name} ${middle.name}`]) {
  const p = freshPage();
  await search(p, `${common.name} ${second.name}`);
  report('second search', query, await search(p, query), SECOND_TARGET);
}

// The worst cases over every term: each as a first search, and each as a
// second search after the two-word query.
let worstFirst = { bytes: -1 };
let worstSecond = { bytes: -1 };
for (const t of terms) {
  const first = await search(freshPage(), t.name);
  if (first.bytes > worstFirst.bytes) worstFirst = { ...first, query: t.name };
  const p = freshPage();
  await search(p, `${common.name} ${second.name}`);
  const again = await search(p, t.name);
  if (again.bytes > worstSecond.bytes) worstSecond = { ...again, query: t.name };
}
report('first: worst one word', worstFirst.query, worstFirst, FIRST_TARGET, pageGz + scriptGz);
report('second: worst one word', worstSecond.query, worstSecond, SECOND_TARGET);

console.log(
  `info: words=${terms.length} entries=${meta.entries} shards=${meta.shards} ` +
    `words/shard=${(terms.length / meta.shards).toFixed(1)} synonym groups=${meta.synonyms.length}`,
);
process.exit(process.env.BENCH_STRICT && missed ? 1 : 0);
