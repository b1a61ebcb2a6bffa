// What a reader sees on a phone and on a wide screen, measured in a real
// browser: the quick exit stays in view and works wherever the page is
// scrolled to, the title is on the first screen, the menu folds without
// JavaScript, every band of the page shares one start edge, crisis help is
// given once, and the therapist directory can be scanned.
//
// Build the site first: `cargo run --release -- build` at the repository root.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start } from './server.mjs';
import { TESTS_DIR, launchBrowser, openSession } from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));

const PHONE = { width: 320, height: 568 };
const WIDTHS = [320, 768, 1280];

// One page of each kind, in both languages where the kind has a translation.
const PAGES = [
  '/',
  '/es/',
  '/articles/',
  '/articles/what-sex-therapy-is-and-is-not/',
  '/articles/what-happens-in-sessions/',
  '/es/articles/que-es-y-que-no-es-la-terapia-sexual/',
  '/faq/sex-therapy-basics/',
  '/topics/',
  '/topics/consent/',
  '/tags/body-image/',
  '/about/',
  '/browsing-safely/',
  '/therapists/',
  '/therapists/state/tx/',
  '/therapists/marisol-vega/',
  '/find-a-therapist/',
  '/find-a-therapist/thanks/',
  '/search/',
  '/no-such-page/',
];

const STUB_EXIT_PAGE = '<!doctype html><html lang="en"><title>exit stub</title><p>Stand-in for the exit site.</p></html>';

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

/** The article of the site that is tallest at 320 px. */
let longest = null;
async function longestArticle() {
  longest ??= await measureArticles();
  return longest;
}

async function measureArticles() {
  const s = await openSession(browser, origin, { viewport: PHONE });
  try {
    await s.page.goto(`${origin}/articles/`);
    const hrefs = await s.page
      .locator('main .page-list-title a')
      .evaluateAll((links) => links.map((a) => new URL(a.href).pathname));
    assert.ok(hrefs.length > 3, `the article list has ${hrefs.length} links`);
    let best = { href: null, height: 0 };
    for (const href of hrefs) {
      await s.page.goto(`${origin}${href}`);
      const height = await s.page.evaluate(() => document.documentElement.scrollHeight);
      if (height > best.height) best = { href, height };
    }
    return best;
  } finally {
    await s.close();
  }
}

/** The box of the quick exit a reader can see, in viewport coordinates. */
async function visibleExit(page) {
  return page.evaluate(() => {
    for (const a of document.querySelectorAll('a[data-quick-exit]')) {
      const r = a.getBoundingClientRect();
      const style = getComputedStyle(a);
      if (style.visibility === 'hidden' || r.width < 40 || r.height < 24) continue;
      if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) continue;
      // Whatever is drawn at its centre must be the link itself.
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit !== a && !a.contains(hit)) continue;
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    }
    return null;
  });
}

async function scrollTo(page, where) {
  await page.evaluate((where) => {
    const max = document.documentElement.scrollHeight - innerHeight;
    window.scrollTo(0, where === 'end' ? max : Math.round(max / 2));
  }, where);
  await page.waitForFunction((where) => {
    const max = document.documentElement.scrollHeight - innerHeight;
    return where === 'end' ? scrollY >= max - 1 : scrollY > 0;
  }, where);
}

for (const where of ['middle', 'end']) {
  for (const how of ['click', 'Shift three times']) {
    test(`320 × 568, longest article scrolled to the ${where}: the quick exit is on screen and works (${how})`, async () => {
      const { href } = await longestArticle();
      const exitUrl = await (async () => {
        const s = await openSession(browser, origin, { javaScriptEnabled: false });
        try {
          await s.page.goto(`${origin}/`);
          return await s.page.locator('a.quick-exit').getAttribute('href');
        } finally {
          await s.close();
        }
      })();
      const s = await openSession(browser, origin, { viewport: PHONE, stubs: { [exitUrl]: STUB_EXIT_PAGE } });
      try {
        await s.page.goto(`${origin}${href}`);
        await scrollTo(s.page, where);
        const box = await visibleExit(s.page);
        assert.ok(box, `no exit control inside the 320 × 568 window at the ${where} of ${href}`);
        if (how === 'click') {
          await s.page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
        } else {
          for (let i = 0; i < 3; i += 1) {
            await s.page.keyboard.down('Shift');
            await s.page.keyboard.up('Shift');
          }
        }
        await s.page.waitForURL(exitUrl, { timeout: 3000 });
        assert.equal(s.stubbed.length, 1, 'the exit address was not opened');
      } finally {
        await s.close();
      }
    });
  }
}

test('wide screens: the quick exit, wherever the page is scrolled, covers nothing of the page in either language', async () => {
  const problems = [];
  for (const width of [1152, 1280, 1920]) {
    const s = await openSession(browser, origin, { viewport: { width, height: 800 } });
    try {
      for (const p of ['/therapists/', '/es/therapists/', '/articles/what-sex-therapy-is-and-is-not/', '/es/']) {
        await s.page.goto(`${origin}${p}`);
        await scrollTo(s.page, 'middle');
        const overlap = await s.page.evaluate(() => {
          const exit = document.querySelector('a.quick-exit').getBoundingClientRect();
          const bands = ['.site-header-inner', 'main', '.site-footer-inner'].map((sel) => document.querySelector(sel).getBoundingClientRect());
          const hit = bands.find((b) => exit.left < b.right && b.left < exit.right && exit.top < b.bottom && b.top < exit.bottom);
          return hit ? `exit ${Math.round(exit.left)}–${Math.round(exit.right)} over a band ${Math.round(hit.left)}–${Math.round(hit.right)}` : null;
        });
        if (overlap) problems.push(`${width} px ${p}: ${overlap}`);
      }
    } finally {
      await s.close();
    }
  }
  assert.deepEqual(problems, []);
});

test('320 × 568, scrolled: keyboard focus never hides under the quick-exit bar, forwards or backwards', async () => {
  const { href } = await longestArticle();
  const s = await openSession(browser, origin, { viewport: PHONE });
  try {
    await s.page.goto(`${origin}${href}`);
    const problems = [];
    const check = async (key) => {
      await s.page.keyboard.press(key);
      const seen = await s.page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const bar = document.querySelector('.exit-bar');
        if (bar && bar.contains(el)) return null;
        const r = el.getBoundingClientRect();
        const b = bar ? bar.getBoundingClientRect() : { bottom: 0 };
        // Hidden when it is entirely under the bar, or off screen.
        const covered = r.bottom <= b.bottom + 1 || r.top >= innerHeight;
        return covered ? `${el.outerHTML.slice(0, 80)} at ${Math.round(r.top)}–${Math.round(r.bottom)}, bar ends at ${Math.round(b.bottom)}` : null;
      });
      if (seen) problems.push(`${key}: ${seen}`);
    };
    for (let i = 0; i < 40; i += 1) await check('Tab');
    for (let i = 0; i < 40; i += 1) await check('Shift+Tab');
    assert.deepEqual(problems, [], 'focused elements hidden by the bar');
  } finally {
    await s.close();
  }
});

test('320 × 568: every page kind shows its h1 within the top 300 px', async () => {
  const s = await openSession(browser, origin, { viewport: PHONE });
  try {
    const late = [];
    for (const p of PAGES) {
      await s.page.goto(`${origin}${p}`);
      const top = await s.page.evaluate(() => document.querySelector('h1').getBoundingClientRect().top + scrollY);
      if (top > 300) late.push(`${p}: h1 at ${Math.round(top)} px`);
    }
    assert.deepEqual(late, []);
  } finally {
    await s.close();
  }
});

test('320 px without JavaScript: the menu is folded and opens from its button; at 1280 px it is a row of links', async () => {
  const phone = await openSession(browser, origin, { viewport: PHONE, javaScriptEnabled: false });
  try {
    await phone.page.goto(`${origin}/articles/`);
    const nav = phone.page.locator('nav[aria-label="Main"]');
    const first = nav.locator('a').first();
    assert.equal(await first.isVisible(), false, 'the menu is open before it is asked for');
    const button = phone.page.locator('.menu > summary');
    assert.equal(await button.innerText(), 'Menu');
    await button.click();
    await first.waitFor({ state: 'visible' });
    for (const link of await nav.locator('a').all()) {
      assert.ok(await link.isVisible(), `${await link.innerText()} is not shown in the open menu`);
    }
  } finally {
    await phone.close();
  }
  const wide = await openSession(browser, origin, { viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  try {
    await wide.page.goto(`${origin}/articles/`);
    assert.equal(await wide.page.locator('.menu > summary').isVisible(), false, 'a Menu button on a wide screen');
    const tops = await wide.page
      .locator('nav[aria-label="Main"] a')
      .evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
    assert.ok(tops.length > 3);
    assert.equal(new Set(tops).size, 1, `the menu wraps onto several lines: ${tops}`);
  } finally {
    await wide.close();
  }
});

test('header, crisis line, breadcrumbs, main and footer share one start edge at 320, 768 and 1280 px', async () => {
  const problems = [];
  for (const width of WIDTHS) {
    const s = await openSession(browser, origin, { viewport: { width, height: 800 } });
    try {
      for (const p of ['/', '/articles/what-sex-therapy-is-and-is-not/', '/find-a-therapist/']) {
        await s.page.goto(`${origin}${p}`);
        const edges = await s.page.evaluate(() => {
          const x = (sel) => {
            const el = document.querySelector(sel);
            return el ? Math.round(el.getBoundingClientRect().left) : null;
          };
          return {
            'site name': x('.site-name'),
            'crisis line': x('.crisis-banner summary'),
            breadcrumbs: x('.breadcrumbs li'),
            h1: x('main h1'),
            'footer text': x('.site-footer p'),
            'footer links': x('.footer-links li'),
          };
        });
        const found = Object.entries(edges).filter(([, v]) => v !== null);
        const distinct = new Set(found.map(([, v]) => v));
        if (distinct.size !== 1) problems.push(`${width} px ${p}: ${found.map(([k, v]) => `${k} ${v}`).join(', ')}`);
      }
    } finally {
      await s.close();
    }
  }
  assert.deepEqual(problems, []);
});

test('1280 px: the header has the same height on every page kind, in both languages', async () => {
  const s = await openSession(browser, origin, { viewport: { width: 1280, height: 800 } });
  try {
    const heights = {};
    for (const p of PAGES) {
      await s.page.goto(`${origin}${p}`);
      heights[p] = await s.page.evaluate(() => Math.round(document.querySelector('.site-header').getBoundingClientRect().height));
    }
    assert.equal(new Set(Object.values(heights)).size, 1, JSON.stringify(heights, null, 1));
  } finally {
    await s.close();
  }
});

test('crisis help: one line on every page, and the full list once where it belongs', async () => {
  const s = await openSession(browser, origin, { viewport: PHONE });
  try {
    const problems = [];
    for (const p of PAGES) {
      await s.page.goto(`${origin}${p}`);
      const seen = await s.page.evaluate(() => {
        const banner = document.querySelectorAll('aside.crisis-banner');
        const summary = document.querySelector('aside.crisis-banner summary');
        const lists = document.querySelectorAll('main section.crisis');
        const mainPhones = [...document.querySelectorAll('main a[href^="tel:"]')].map((a) => a.getAttribute('href'));
        return {
          banners: banner.length,
          summaryHeight: summary ? summary.getBoundingClientRect().height : 0,
          open: summary ? summary.parentElement.open : null,
          lists: lists.length,
          mainPhones,
        };
      });
      if (seen.banners !== 1) problems.push(`${p}: ${seen.banners} crisis banners`);
      if (seen.open !== false) problems.push(`${p}: the crisis line is not folded to one line`);
      if (seen.summaryHeight > 40) problems.push(`${p}: the crisis line is ${seen.summaryHeight} px tall`);
      const wanted = ['/', '/es/', '/find-a-therapist/', '/find-a-therapist/thanks/', '/no-such-page/'].includes(p);
      if (wanted && seen.lists !== 1) problems.push(`${p}: ${seen.lists} full crisis lists, expected 1`);
      if (!wanted && seen.lists !== 0) problems.push(`${p}: a full crisis list where the banner is enough`);
      const repeated = seen.mainPhones.filter((tel, i, all) => all.indexOf(tel) !== i);
      if (repeated.length) problems.push(`${p}: the same number twice in the page: ${repeated}`);
    }
    assert.deepEqual(problems, []);
    // The intake form: nothing but one link to the list before its first field.
    await s.page.goto(`${origin}/find-a-therapist/`);
    const before = await s.page.evaluate(() => {
      const field = document.querySelector('form#intake-form input:not([type=hidden]), form#intake-form select');
      return [...document.querySelectorAll('main a[href^="tel:"], main a[href^="sms:"]')].filter(
        (a) => a.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).length;
    });
    assert.equal(before, 0, 'crisis phone links before the first field of the intake form');
    // The banner opens with one press and lists the lines.
    const summary = s.page.locator('aside.crisis-banner summary');
    await summary.click();
    assert.ok(await s.page.locator('aside.crisis-banner a[href^="tel:"]').first().isVisible());
  } finally {
    await s.close();
  }
});

test('the directory: the list comes before the browse links on a phone; filters beside a grid of cards at 1280 px', async () => {
  const phone = await openSession(browser, origin, { viewport: PHONE });
  try {
    await phone.page.goto(`${origin}/therapists/`);
    const order = await phone.page.evaluate(() => ({
      firstCard: document.querySelector('.therapist-card').getBoundingClientRect().top + scrollY,
      browse: document.querySelector('#browse-heading').getBoundingClientRect().top + scrollY,
      lastCard: [...document.querySelectorAll('.therapist-card')].pop().getBoundingClientRect().bottom + scrollY,
    }));
    assert.ok(order.browse > order.lastCard, `the browse links come before the list's end: ${JSON.stringify(order)}`);
  } finally {
    await phone.close();
  }
  const wide = await openSession(browser, origin, { viewport: { width: 1280, height: 800 } });
  try {
    await wide.page.goto(`${origin}/therapists/`);
    await wide.page.locator('#filter-state').waitFor({ state: 'visible' });
    const layout = await wide.page.evaluate(() => {
      const box = (el) => el.getBoundingClientRect();
      const filter = box(document.querySelector('#directory-filter'));
      const cards = [...document.querySelectorAll('.therapist-card')];
      const results = box(document.querySelector('.therapist-list'));
      const columns = new Set(cards.map((c) => Math.round(box(c).left)));
      // Text of every card in one column starts at the same x, photo or not.
      const names = cards.map((c) => ({
        column: Math.round(box(c).left),
        x: Math.round(box(c.querySelector('.therapist-name')).left),
        photo: !!c.querySelector('img'),
      }));
      const avail = [...document.querySelectorAll('.therapist-card .availability')].map((p) => ({
        closed: p.classList.contains('availability-closed'),
        weight: Number(getComputedStyle(p.querySelector('strong') || p).fontWeight),
      }));
      return { filter, results, columns: columns.size, names, avail };
    });
    assert.ok(layout.filter.right <= layout.results.left, 'the filters are not beside the results');
    assert.ok(layout.filter.top < layout.results.bottom && layout.results.top < layout.filter.bottom, 'the filters are not beside the results');
    assert.ok(layout.columns >= 2, `the cards are in ${layout.columns} column(s)`);
    const byColumn = new Map();
    for (const n of layout.names) byColumn.set(n.column, [...(byColumn.get(n.column) ?? []), n]);
    for (const [column, names] of byColumn) {
      assert.equal(new Set(names.map((n) => n.x)).size, 1, `names start at different x in the column at ${column}: ${JSON.stringify(names)}`);
    }
    assert.ok(layout.names.some((n) => !n.photo) && layout.names.some((n) => n.photo), 'the example needs cards with and without a photo');
    const open = layout.avail.filter((a) => !a.closed);
    const closed = layout.avail.filter((a) => a.closed);
    assert.ok(open.length > 0 && closed.length > 0);
    assert.ok(closed.every((a) => a.weight >= 600), 'not taking new clients is not bold');
    assert.ok(open.every((a) => a.weight < 600), '"accepting new clients" is bold as well');
  } finally {
    await wide.close();
  }
});

test('free-form tags show as words, not slugs', async () => {
  const s = await openSession(browser, origin);
  try {
    await s.page.goto(`${origin}/tags/body-image/`);
    assert.equal(await s.page.locator('h1').innerText(), 'Body image');
  } finally {
    await s.close();
  }
});
