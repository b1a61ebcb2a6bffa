// Search on the built example site (../../public): search.js cuts words as
// the build does, finds the expected pages in a real browser, keeps the query
// in the address (Back works), is announced and usable by keyboard, loads
// only the index files it needs and only once the box is used, sends no query
// anywhere, stores nothing, and the page is useful with JavaScript off.
//
// Build the site first: `cargo run --release -- build` at the repository root.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { start } from './server.mjs';
import {
  TESTS_DIR,
  launchBrowser,
  openSession,
  settle,
  cspViolations,
  storageProblems,
  runAxe,
  formatAxe,
} from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));

const COST_QUESTION = 'How much does sex therapy cost?';
const CONSENT_ARTICLE = 'Relationships, boundaries, and consent';

let server;
let browser;
let origin;

before(async () => {
  server = await start(PUBLIC);
  origin = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The site's search.js, loaded in Node: its functions without a page. It
 * is published under a name with a hash of its bytes: the one the search
 * page loads. */
function loadScript() {
  const page = readFileSync(path.join(PUBLIC, 'search/index.html'), 'utf8');
  const src = page.match(/<script src="\/(search\.[0-9a-f]{8}\.js)"/);
  assert.ok(src, 'the search page loads no fingerprinted search.js');
  const file = path.join(PUBLIC, src[1]);
  const context = vm.createContext({ TextEncoder, TextDecoder, Blob, Response, DecompressionStream, URL });
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  assert.ok(context.candorSearch, 'search.js did not hand over its functions outside a page');
  return context.candorSearch;
}

/** What may be marked for a query word: its forms and its synonyms'
 * (matched on their first three letters). */
function markable(word) {
  const group = siteMeta().synonyms.find((g) => g.includes(word)) ?? [word];
  return new RegExp(`^(${group.map((w) => w.slice(0, 3)).join('|')})`, 'i');
}

function siteMeta() {
  return JSON.parse(gunzipSync(readFileSync(path.join(PUBLIC, 'search/data/meta.gz'))).toString('utf8'));
}

/** A search engine over the built index of language `lang` ('' for the
 * default), reading files from disk. */
function engineFor(lang = '') {
  const { createSearch } = loadScript();
  const base = `/${lang ? `${lang}/` : ''}search/data/`;
  return createSearch(base, async (url) =>
    new Uint8Array(readFileSync(path.join(PUBLIC, new URL(url, 'http://site.invalid').pathname))),
  );
}

/** Every term record of a language's index, read from its shards. */
function allTerms(lang = '') {
  const { readShard, readList, reader } = loadScript();
  const data = path.join(PUBLIC, lang, 'search/data');
  const meta = JSON.parse(gunzipSync(readFileSync(path.join(data, 'meta.gz'))));
  const read = (file) => new Uint8Array(gunzipSync(readFileSync(file)));
  const terms = new Map();
  for (const file of readdirSync(path.join(data, 't'))) {
    const shard = readShard(read(path.join(data, 't', file)), meta.entries, meta.packed_from);
    for (const [name, record] of shard.terms) {
      if (record.file) {
        // A long list is a file of its own.
        const bytes = read(path.join(data, 'l', `${record.file}.gz`));
        Object.assign(record, readList(bytes, reader(bytes, 0), record.df, meta.entries, meta.packed_from));
      }
      terms.set(name, record);
    }
  }
  return terms;
}

describe('search.js cuts words as the build does', () => {
  test('every example of tests/fixtures/search/words.tsv gives its words', () => {
    const { words } = loadScript();
    const lines = readFileSync(path.join(REPO, 'tests/fixtures/search/words.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    assert.ok(lines.length > 40, `only ${lines.length} examples`);
    for (const line of lines) {
      const [input, expected] = line.split('\t');
      assert.equal(words(input).join(' '), expected.trim(), `words of ${JSON.stringify(input)}`);
    }
  });

  test('words go to the shards the build put them in (FNV-1a)', () => {
    const { fnv1a } = loadScript();
    // The published FNV-1a test values.
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });

  test('every form of every word on the site finds, as typed, the pages the build indexed it on', async () => {
    for (const lang of ['', 'es']) {
      const engine = engineFor(lang);
      const terms = allTerms(lang);
      // The build's answer: which terms each form belongs to.
      const expected = new Map();
      for (const [name, record] of terms) {
        for (const form of record.forms) {
          if (!expected.has(form)) expected.set(form, new Set());
          expected.get(form).add(name);
        }
      }
      assert.ok(expected.size > 500, `${lang || 'en'}: only ${expected.size} forms`);
      for (const [form, names] of expected) {
        const found = await engine.lookup(form);
        const want = new Set([...names].flatMap((n) => [...terms.get(n).entries]));
        const got = new Set(found.flatMap((r) => [...r.entries]));
        assert.deepEqual(got, want, `${lang || 'en'}: "${form}" finds other pages than the build indexed it on`);
      }
    }
  });

  test('typos: edits are counted with swaps as one, within what a word\'s length allows', () => {
    const { distance, allowedEdits } = loadScript();
    assert.equal(distance('therapy', 'theraphy', 2), 1);
    assert.equal(distance('tehrapy', 'therapy', 2), 1, 'a swap is one edit');
    assert.equal(distance('cnosent', 'consent', 2), 1);
    assert.equal(distance('vaginismus', 'vaginsmsu', 2), 2);
    assert.equal(distance('abc', 'xyz', 1), 2, 'stops counting past the limit');
    assert.deepEqual(['sex', 'pain', 'therapy', 'intimacy', 'vaginismus'].map(allowedEdits), [0, 1, 1, 2, 2]);
  });

  test('a misspelt word is searched as the nearest word of the site, and the reader is told', async () => {
    const engine = engineFor();
    const found = await engine.run('theraphy');
    assert.equal(found.corrected, 'therapy');
    assert.ok(found.entries.length > 0);
    // A word of the site is never "corrected", and a short word never is.
    assert.equal((await engine.run('therapy')).corrected, null);
    assert.equal((await engine.run('sexx')).corrected, 'sex');
    assert.equal((await engine.run('xqz')).entries.length, 0);
    // A number is never taken for another number.
    assert.equal((await engine.run('2019')).corrected, null);
    // Several words: each is corrected on its own.
    assert.equal((await engine.run('theraphy insurence')).corrected, 'therapy insurance');
  });

  test('synonyms: lay words find the pages in clinical words, and their words are marked', async () => {
    const meta = siteMeta();
    const group = meta.synonyms.find((g) => g.includes("can't get hard"));
    assert.ok(group, 'the example site bridges "can\'t get hard"');
    const engine = engineFor();
    const found = await engine.run("can't get hard");
    const first = await engine.row(found.entries[0]);
    assert.equal(first.href, '/articles/sexual-function-concerns/');
    // "hard" is not on that page: a synonym brought it, and the page's own
    // words for it are marked.
    assert.ok([...found.marks].some((m) => /^erection/.test(m)), [...found.marks].join(' '));
  });

  test('counts are exact: every page with the word is counted', async () => {
    const engine = engineFor();
    const terms = allTerms();
    const [name, record] = [...terms].reduce((a, b) => (b[1].df > a[1].df ? b : a));
    const found = await engine.run(record.forms[0]);
    assert.ok(found.entries.length >= record.df, `"${name}" is on ${record.df} pages, ${found.entries.length} counted`);
  });

  test('excerpts show the passage with the query\'s words', () => {
    const { excerpt } = loadScript();
    const row = {
      description: 'A page about many things.',
      passages: ['The first passage says nothing of note.', 'Here the reader finds consent, asked for and given.'],
    };
    const text = excerpt(row, new Set(['consent']), 220);
    assert.match(text, /consent, asked/);
    assert.equal(excerpt(row, new Set(['zebra']), 220), 'A page about many things.');
    const long = { description: '', passages: [`${'word '.repeat(100)}consent ${'more '.repeat(100)}`] };
    const cut = excerpt(long, new Set(['consent']), 120);
    assert.ok(cut.length <= 124 && cut.includes('consent') && cut.startsWith('\u2026'), cut);
  });
});

describe('relevance on the example site (tests/fixtures/search/relevance.tsv)', () => {
  const cases = readFileSync(path.join(REPO, 'tests/fixtures/search/relevance.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
  test('the set has lay words, typos and both languages', () => {
    assert.ok(cases.length >= 30, `${cases.length} cases`);
    assert.ok(cases.some((c) => c[0] === 'es'));
  });
  for (const [lang, query, href] of cases) {
    test(`${lang || 'en'}: "${query}" finds ${href} first`, async () => {
      const engine = engineFor(lang);
      const found = await engine.run(query);
      assert.ok(found.entries.length > 0, 'no results');
      const rows = await Promise.all(found.entries.slice(0, 3).map(engine.row));
      assert.equal(rows[0].href, href, `first three: ${rows.map((r) => r.href).join(', ')}`);
    });
  }
});

/** Opens /search/ (plus `suffix`) recording every request path after load. */
async function openSearch(options = {}, suffix = '') {
  const s = await openSession(browser, origin, options);
  s.requests = [];
  s.page.on('request', (r) => s.requests.push(new URL(r.url())));
  await s.page.goto(`${origin}/search/${suffix}`);
  return s;
}

function indexRequests(s) {
  return s.requests.filter((u) => u.pathname.startsWith('/search/data/'));
}

async function search(s, query) {
  const input = s.page.locator('#search-input');
  await input.fill(query);
  await input.press('Enter');
  await s.page.waitForFunction(
    () => /result|No page|Try other/.test(document.querySelector('#search-status')?.textContent ?? ''),
    null,
    { timeout: 5000 },
  );
}

function resultTitles(s) {
  return s.page.locator('#search-results-list a.search-result-title').allInnerTexts();
}

describe('search in the browser', () => {
  test('typing a query shows the expected first result, marked, counted and announced', async () => {
    const s = await openSearch();
    try {
      await settle(s.page);
      assert.equal(indexRequests(s).length, 0, 'the index was loaded before the box was used');
      assert.ok(await s.page.locator('#search-hint').isVisible(), 'the box does not say searching stays in the browser');
      assert.equal(await s.page.locator('#search-input').getAttribute('aria-describedby'), 'search-hint');
      await s.page.locator('#search-input').focus();
      await s.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('meta.gz')));
      assert.deepEqual(
        indexRequests(s).map((u) => u.pathname),
        ['/search/data/meta.gz'],
        'focusing the box loads only the meta file',
      );

      await search(s, 'cost');
      const titles = await resultTitles(s);
      assert.equal(titles[0], COST_QUESTION);
      const first = s.page.locator('#search-results-list > li').first();
      assert.equal(await first.locator('a').getAttribute('href'), '/faq/sex-therapy-basics/#how-much-does-sex-therapy-cost');
      assert.match(await first.locator('.search-result-label').innerText(), /Sex therapy basics/);
      assert.ok((await first.locator('.search-result-excerpt').innerText()).length > 20, 'no excerpt');
      assert.deepEqual(
        (await first.locator('a mark').allInnerTexts()).map((t) => t.toLowerCase()),
        ['cost'],
        'the matched word is marked in the title',
      );
      // Only forms of the query and of its synonyms are marked.
      const allowed = markable('cost');
      for (const marked of await s.page.locator('#search-results-list .search-result-excerpt mark').allInnerTexts()) {
        assert.match(marked, allowed, 'only forms of the query and its synonyms are marked in excerpts');
      }
      const status = s.page.locator('#search-status');
      assert.equal(await status.getAttribute('role'), 'status');
      assert.equal(await status.innerText(), `${titles.length} ${titles.length === 1 ? 'result' : 'results'} for \u201ccost\u201d.`);
      assert.ok(await s.page.locator('#search-results').isVisible());

      // The query is in the address, after "#": never sent to the server.
      assert.equal(new URL(s.page.url()).hash, '#q=cost');
      for (const u of s.requests) {
        assert.ok(!/cost/i.test(u.pathname + u.search + u.hash), `the query went to the server: ${u.href}`);
        assert.equal(u.origin, origin, `request to another origin: ${u.href}`);
      }
      // Only index files were loaded for the search, each once.
      const loaded = indexRequests(s).map((u) => u.pathname);
      assert.equal(new Set(loaded).size, loaded.length, `loaded twice: ${loaded.join(', ')}`);

      const problems = [...(await storageProblems(s)), ...(await cspViolations(s)), ...s.pageErrors, ...s.failedLoads];
      assert.deepEqual(problems, [], 'storage, CSP, script errors or failed loads');

      const violations = await runAxe(s.page);
      assert.equal(violations.length, 0, `axe, with results shown:\n${formatAxe(violations)}`);
    } finally {
      await s.close();
    }
  });

  test('accents and case do not matter, and a misspelt word is corrected and said so', async () => {
    const s = await openSearch();
    try {
      await search(s, 'CONSÉNT');
      assert.equal((await resultTitles(s))[0], CONSENT_ARTICLE);
      await search(s, 'consnet');
      assert.equal((await resultTitles(s))[0], CONSENT_ARTICLE);
      assert.match(await s.page.locator('#search-status').innerText(), /^Showing results for \u201cconsent\u201d instead of \u201cconsnet\u201d\. \d+ results? for \u201cconsent\u201d\.$/);
    } finally {
      await s.close();
    }
  });

  test('every result shows a passage with the query\'s words marked, even when only its body has them', async () => {
    const s = await openSearch();
    try {
      await search(s, 'shame');
      const items = s.page.locator('#search-results-list > li');
      const count = await items.count();
      assert.ok(count >= 1);
      for (let i = 0; i < count; i++) {
        const marks = await items.nth(i).locator('.search-result-excerpt mark').allInnerTexts();
        assert.ok(marks.length > 0, `result ${i + 1} shows no marked word`);
        for (const m of marks) {
          assert.match(m, markable('shame'));
        }
      }
      const status = await s.page.locator('#search-status').innerText();
      assert.equal(Number(status.match(/^(\d+)/)[1]), count, 'the count is the number of results shown');
    } finally {
      await s.close();
    }
  });

  test('no results and very common words are explained', async () => {
    const s = await openSearch();
    try {
      await search(s, 'zyzzyva');
      assert.match(await s.page.locator('#search-status').innerText(), /No results for \u201czyzzyva\u201d/);
      assert.ok(await s.page.locator('#search-results').isHidden());
      await search(s, 'the and of');
      assert.match(await s.page.locator('#search-status').innerText(), /only very common words/);
    } finally {
      await s.close();
    }
  });

  test('Back and Forward restore earlier searches', async () => {
    const s = await openSearch();
    try {
      await search(s, 'cost');
      await search(s, 'consent');
      assert.equal((await resultTitles(s))[0], CONSENT_ARTICLE);
      await s.page.goBack();
      await s.page.waitForFunction(() => document.querySelector('#search-input').value === 'cost');
      await s.page.waitForFunction((t) => document.querySelector('#search-results-list a')?.textContent === t, COST_QUESTION);
      await s.page.goBack();
      await s.page.waitForFunction(() => document.querySelector('#search-input').value === '');
      assert.ok(await s.page.locator('#search-results').isHidden());
      await s.page.goForward();
      await s.page.waitForFunction(() => document.querySelector('#search-input').value === 'cost');
    } finally {
      await s.close();
    }
  });

  test('results are reached with the arrow keys and followed with Enter', async () => {
    const s = await openSearch();
    try {
      await search(s, 'therapy');
      const titles = await resultTitles(s);
      assert.ok(titles.length >= 3);
      await s.page.locator('#search-input').press('ArrowDown');
      assert.equal(await s.page.evaluate(() => document.activeElement.textContent), titles[0]);
      await s.page.keyboard.press('ArrowDown');
      assert.equal(await s.page.evaluate(() => document.activeElement.textContent), titles[1]);
      await s.page.keyboard.press('ArrowUp');
      await s.page.keyboard.press('ArrowUp');
      assert.equal(await s.page.evaluate(() => document.activeElement.id), 'search-input');
      await s.page.keyboard.press('ArrowDown');
      const href = await s.page.locator('#search-results-list a').first().getAttribute('href');
      await Promise.all([s.page.waitForURL((u) => !u.pathname.startsWith('/search/')), s.page.keyboard.press('Enter')]);
      assert.equal(new URL(s.page.url()).pathname + new URL(s.page.url()).hash, href);
      // Back returns to the results.
      await s.page.goBack();
      await s.page.waitForFunction((t) => document.querySelector('#search-results-list a')?.textContent === t, titles[0]);
    } finally {
      await s.close();
    }
  });

  test('"Show more results" adds the next results and moves focus to them', async () => {
    const s = await openSearch();
    try {
      await search(s, 'therapy');
      const count = Number((await s.page.locator('#search-status').innerText()).match(/^(\d+)/)[1]);
      assert.ok(count > 10, `only ${count} results for "therapy"`);
      assert.equal((await resultTitles(s)).length, 10);
      await s.page.locator('#search-more').click();
      await s.page.waitForFunction(() => document.querySelectorAll('#search-results-list > li').length > 10);
      assert.equal((await resultTitles(s)).length, Math.min(count, 20));
      assert.equal(await s.page.evaluate(() => document.activeElement.textContent), (await resultTitles(s))[10]);
    } finally {
      await s.close();
    }
  });

  test('a query in ?q= (from the form without JavaScript) is searched and moved after "#"', async () => {
    const s = await openSearch({}, '?q=cost');
    try {
      await s.page.waitForFunction(() => /result/.test(document.querySelector('#search-status').textContent));
      assert.equal((await resultTitles(s))[0], COST_QUESTION);
      const url = new URL(s.page.url());
      assert.equal(url.search, '');
      assert.equal(url.hash, '#q=cost');
      assert.equal(await s.page.locator('#search-input').inputValue(), 'cost');
    } finally {
      await s.close();
    }
  });
});

describe('the search page without JavaScript', () => {
  test('links A–Z lists that hold every article, question and therapist, and each topic; the form still works', async () => {
    const s = await openSearch({ javaScriptEnabled: false });
    try {
      const sitemap = readFileSync(path.join(PUBLIC, 'sitemap.xml'), 'utf8');
      const locs = (pattern) => [...sitemap.matchAll(pattern)].map((m) => m[1]);
      const articles = locs(/<loc>[^<]*?(\/articles\/[a-z0-9-]+\/)<\/loc>/g);
      const therapists = locs(/<loc>[^<]*?(\/therapists\/(?!state\/|specialty\/|language\/)[a-z0-9-]+\/)<\/loc>/g);
      // Every question of every FAQ page, at its anchor.
      const questions = locs(/<loc>[^<]*?(\/faq\/[a-z0-9-]+\/)<\/loc>/g).flatMap((faq) => {
        const html = readFileSync(path.join(PUBLIC, faq, 'index.html'), 'utf8');
        return [...html.matchAll(/<details id="([^"]+)"/g)].map((m) => `${faq}#${m[1]}`);
      });
      assert.ok(articles.length >= 5 && therapists.length >= 1 && questions.length >= 5, 'the sitemap lists articles, therapists and questions');
      assert.ok(await s.page.locator('.search-noscript').isVisible(), 'no explanation for readers without JavaScript');
      assert.equal(
        await s.page.locator('#search-hint').isVisible(),
        false,
        'without JavaScript the page must not promise that the words stay in the browser',
      );
      assert.equal(
        await s.page.locator('#search-input').getAttribute('aria-describedby'),
        null,
        'without JavaScript the box must not be described by that promise',
      );

      // Each topic links to its own page.
      const topics = await s.page.locator('#by-topic + ul > li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(topics.includes('/topics/consent/'), `no link to the consent topic: ${topics}`);

      // Follow each list from the search page, page after page, by its links.
      const groups = await s.page.locator('main .browse-groups a').evaluateAll((as) => as.map((a) => a.textContent));
      assert.ok(groups.length >= 3, `too few lists: ${groups}`);
      const listed = new Map();
      for (const group of groups) {
        await s.page.goto(`${origin}/search/`);
        const link = s.page.locator('main .browse-groups a', { hasText: group });
        const href = await link.getAttribute('href');
        await Promise.all([s.page.waitForURL(`${origin}${href}`), link.click()]);
        for (let pages = 1; ; pages += 1) {
          assert.ok(pages < 100, `the list of ${group} never ends`);
          assert.equal(await s.page.locator('h1').count(), 1);
          for (const entry of await s.page.locator('main .az-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
            listed.set(entry, (listed.get(entry) ?? 0) + 1);
          }
          const next = s.page.locator('main a[rel=next]');
          if ((await next.count()) === 0) break;
          const to = await next.getAttribute('href');
          await Promise.all([s.page.waitForURL(`${origin}${to}`), next.click()]);
        }
      }
      for (const href of [...articles, ...therapists, ...questions]) {
        assert.equal(listed.get(href), 1, `${href} is not listed once in the A–Z lists`);
      }

      // The form still works as a form: GET /search/?q=…, and the page it
      // leads to is the same useful page.
      await s.page.goto(`${origin}/search/`);
      await s.page.locator('#search-input').fill('cost');
      await Promise.all([s.page.waitForURL(/\/search\/\?q=cost$/), s.page.locator('#search-input').press('Enter')]);
      assert.ok(await s.page.locator('main .browse-groups a').first().isVisible());
      assert.equal(indexRequests(s).length, 0, 'without JavaScript no index file is loaded');
    } finally {
      await s.close();
    }
  });
});

describe('the search page in a browser that cannot read the index', () => {
  test('sending the form keeps the words out of the address and says search is unavailable', async () => {
    const s = await openSession(browser, origin);
    try {
      await s.context.addInitScript({ content: 'delete window.DecompressionStream;' });
      s.requests = [];
      s.page.on('request', (r) => s.requests.push(new URL(r.url())));
      await s.page.goto(`${origin}/search/`);
      await settle(s.page);
      await s.page.locator('#search-input').fill('cost');
      await s.page.locator('#search-input').press('Enter');
      await s.page.waitForFunction(() => /cannot search/.test(document.querySelector('#search-status')?.textContent ?? ''));
      assert.equal(new URL(s.page.url()).search, '', 'the words went into the address');
      assert.ok(!s.requests.some((u) => u.search.includes('cost')), 'the words were sent to the server');
      assert.equal(await s.page.locator('#search-hint').isVisible(), false);
      assert.equal(await s.page.locator('#search-input').getAttribute('aria-describedby'), null);
    } finally {
      await s.close();
    }
  });
});
