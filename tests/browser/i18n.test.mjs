// Real-browser checks of sites in several languages:
//   - the right-to-left fixture (tests/fixtures/i18n, its Arabic pages)
//     passes axe and mirrors its layout, with code kept left-to-right;
//   - the Spanish pages of the built example site (../../public): the
//     language switcher works without JavaScript, untranslated pages are
//     linked in English and marked so, and the Spanish pages pass axe.
//
// Needs the release binary (to build the fixture) and the built example
// site: `cargo run --release -- build` at the repository root.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start } from './server.mjs';
import { TESTS_DIR, launchBrowser, openSession, runAxe, formatAxe } from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));
const BIN = process.env.CANDOR_BIN || path.join(REPO, 'target/release/candor');
const FIXTURE = path.join(REPO, 'tests/fixtures/i18n');

const RTL_PAGES = ['/ar/', '/ar/articles/consent/', '/ar/therapists/', '/ar/find-a-therapist/'];
const SPANISH_ARTICLE = '/es/articles/que-es-y-que-no-es-la-terapia-sexual/';
const ENGLISH_ARTICLE = '/articles/what-sex-therapy-is-and-is-not/';

let fixtureDir;
let fixture;
let example;
let browser;

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run \`cargo build --release\` first`);
  fixtureDir = mkdtempSync(path.join(tmpdir(), 'candor-i18n-'));
  const out = path.join(fixtureDir, 'public');
  // Published at the root of the test server's origin.
  execFileSync(BIN, ['build', '--root', FIXTURE, '--output', out, '--base-url', 'https://example.org/'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  fixture = await start(out);
  example = await start(PUBLIC);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await fixture?.close();
  await example?.close();
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
});

for (const pagePath of RTL_PAGES) {
  test(`right-to-left ${pagePath} passes axe`, async () => {
    const s = await openSession(browser, fixture.url);
    try {
      await s.page.goto(`${fixture.url}${pagePath}`);
      const facts = await s.page.evaluate(() => ({
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        direction: getComputedStyle(document.body).direction,
      }));
      assert.deepEqual(facts, { lang: 'ar', dir: 'rtl', direction: 'rtl' });
      const violations = await runAxe(s.page);
      assert.equal(violations.length, 0, `axe found problems on ${pagePath}:\n${formatAxe(violations)}`);
    } finally {
      await s.close();
    }
  });
}

/** Where the header's parts and the article's text sit, in CSS pixels. */
async function layout(page) {
  return page.evaluate(() => {
    const box = (selector) => {
      const el = document.querySelector(selector);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    };
    // The first line of the article's first paragraph: where its text
    // actually starts and ends, not the paragraph's block.
    const paragraph = document.querySelector('main p');
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    const first = range.getClientRects()[0];
    const block = paragraph.getBoundingClientRect();
    const pre = document.querySelector('main pre');
    const code = document.querySelector('main p code');
    return {
      width: document.documentElement.clientWidth,
      siteName: box('.site-name'),
      quickExit: box('a.quick-exit'),
      text: { left: first.left, right: first.right, blockLeft: block.left, blockRight: block.right },
      preDirection: pre && getComputedStyle(pre).direction,
      codeDirection: code && getComputedStyle(code).direction,
      scrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    };
  });
}

test('the right-to-left page mirrors the left-to-right layout and keeps code left-to-right', async () => {
  const s = await openSession(browser, fixture.url);
  try {
    await s.page.goto(`${fixture.url}/articles/consent/`);
    const ltr = await layout(s.page);
    await s.page.goto(`${fixture.url}/ar/articles/consent/`);
    const rtl = await layout(s.page);

    // Header: the site name starts the row, the quick exit ends it, on
    // opposite sides in the two directions.
    assert.ok(ltr.siteName.left < ltr.quickExit.left, `LTR header: ${JSON.stringify(ltr)}`);
    assert.ok(rtl.siteName.right > rtl.quickExit.right, `RTL header: ${JSON.stringify(rtl)}`);
    // The site name hugs the right edge as it hugs the left one in LTR.
    const ltrGap = ltr.siteName.left;
    const rtlGap = rtl.width - rtl.siteName.right;
    assert.ok(Math.abs(ltrGap - rtlGap) <= 2, `site name inset: LTR ${ltrGap}px from the left, RTL ${rtlGap}px from the right`);

    // Text starts at the right edge of its block.
    assert.ok(Math.abs(rtl.text.right - rtl.text.blockRight) <= 2, `RTL text: ${JSON.stringify(rtl.text)}`);
    assert.ok(Math.abs(ltr.text.left - ltr.text.blockLeft) <= 2, `LTR text: ${JSON.stringify(ltr.text)}`);

    // Code reads left to right in both.
    assert.equal(rtl.preDirection, 'ltr');
    assert.equal(rtl.codeDirection, 'ltr');
    assert.equal(rtl.scrollsSideways, false, 'the right-to-left page scrolls sideways');
  } finally {
    await s.close();
  }
});

test('the Spanish pages switch language without JavaScript, both ways', async () => {
  const s = await openSession(browser, example.url, { javaScriptEnabled: false });
  try {
    await s.page.goto(`${example.url}${SPANISH_ARTICLE}`);
    assert.equal(await s.page.evaluate(() => document.documentElement.lang), 'es');
    const english = s.page.locator('nav.language-switcher a[hreflang="en"]');
    assert.equal(await english.count(), 1, 'no link to English in the language switcher');
    await english.click();
    await s.page.waitForURL(`${example.url}${ENGLISH_ARTICLE}`);
    assert.equal(await s.page.evaluate(() => document.documentElement.lang), 'en');
    await s.page.locator('nav.language-switcher a[hreflang="es"]').click();
    await s.page.waitForURL(`${example.url}${SPANISH_ARTICLE}`);
  } finally {
    await s.close();
  }
});

test('the Spanish article list links untranslated articles in English, marked as English', async () => {
  const s = await openSession(browser, example.url, { javaScriptEnabled: false });
  try {
    await s.page.goto(`${example.url}/es/articles/`);
    const fallbacks = await s.page
      .locator('main a[hreflang="en"]')
      .evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href'), lang: a.lang })));
    assert.ok(fallbacks.length >= 3, `only ${fallbacks.length} untranslated articles listed`);
    for (const link of fallbacks) {
      assert.equal(link.lang, 'en', `${link.href} is not marked as English`);
      assert.ok(!link.href.startsWith('/es/'), `${link.href} is not the English page`);
    }
    const own = await s.page.locator(`main a[href="${SPANISH_ARTICLE}"]`).count();
    assert.ok(own >= 1, 'the Spanish article is not listed');
  } finally {
    await s.close();
  }
});

for (const pagePath of ['/es/', '/es/articles/', SPANISH_ARTICLE, '/es/faq/', '/es/find-a-therapist/', '/es/therapists/']) {
  test(`Spanish ${pagePath} passes axe`, async () => {
    const s = await openSession(browser, example.url);
    try {
      await s.page.goto(`${example.url}${pagePath}`);
      assert.equal(await s.page.evaluate(() => document.documentElement.lang), 'es');
      const violations = await runAxe(s.page);
      assert.equal(violations.length, 0, `axe found problems on ${pagePath}:\n${formatAxe(violations)}`);
      assert.deepEqual(s.external, [], 'requests to other origins');
    } finally {
      await s.close();
    }
  });
}
