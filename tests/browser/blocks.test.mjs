// The blocks of a psychoeducation page as a reader meets them in a real
// browser: a glossary term's definition opens in place and closes again,
// by keyboard and by touch, with JavaScript on and off, inside the page's
// Content-Security-Policy; callouts and key points are announced by their
// labels; citations lead to their sources and back.
//
// Build the site first: `cargo run --release -- build` at the repository root.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start } from './server.mjs';
import { TESTS_DIR, launchBrowser, openSession, cspViolations } from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));
const ARTICLE = '/articles/emotions-and-sexuality/';
const PHONE = { width: 320, height: 568 };

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

/** Whether the popover with `id` is open, and where it is on the screen. */
async function popover(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    const box = el.getBoundingClientRect();
    return {
      open: el.matches(':popover-open'),
      visible: el.checkVisibility(),
      text: el.innerText,
      left: box.left,
      right: box.right,
      top: box.top,
      bottom: box.bottom,
      width: window.innerWidth,
      height: window.innerHeight,
    };
  }, id);
}

/** Tabs until the element matching `selector` has focus. */
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`a glossary definition opens and closes by keyboard ${how}`, async () => {
    const s = await openSession(browser, origin, { javaScriptEnabled, viewport: PHONE });
    try {
      await s.page.goto(`${origin}${ARTICLE}`);
      const button = s.page.locator('.prose button.term-button').first();
      const id = await button.getAttribute('popovertarget');
      const name = await button.getAttribute('aria-label');
      assert.match(name, /^What does “.+” mean\?$/);
      assert.equal((await popover(s.page, id)).visible, false, 'closed at first');

      await tabTo(s.page, '.prose button.term-button');
      await s.page.keyboard.press('Enter');
      await s.page.waitForFunction((id) => document.getElementById(id).matches(':popover-open'), id);
      const open = await popover(s.page, id);
      assert.ok(open.visible, 'the definition shows');
      assert.ok(open.text.length > 40, `the definition has its text: ${open.text}`);
      assert.ok(
        open.left >= 0 && open.right <= open.width && open.top >= 0 && open.bottom <= open.height,
        `the definition fits a 320 px screen: ${JSON.stringify(open)}`,
      );
      assert.equal(
        await s.page.evaluate((id) => document.querySelector(`[popovertarget="${id}"]`).getAttribute('aria-expanded'), id),
        null,
        'the browser, not the markup, says it is expanded',
      );

      await s.page.keyboard.press('Escape');
      await s.page.waitForFunction((id) => !document.getElementById(id).matches(':popover-open'), id);
      assert.equal((await popover(s.page, id)).visible, false, 'Escape closes it');
      assert.ok(
        await s.page.evaluate(() => document.activeElement.matches('button.term-button')),
        'focus is back on the button',
      );

      // Space opens it too; its own Close button, reached by Tab, closes it.
      await s.page.keyboard.press('Space');
      await s.page.waitForFunction((id) => document.getElementById(id).matches(':popover-open'), id);
      await tabTo(s.page, `#${id} .term-close`);
      await s.page.keyboard.press('Enter');
      await s.page.waitForFunction((id) => !document.getElementById(id).matches(':popover-open'), id);

      if (javaScriptEnabled) {
        assert.deepEqual(await cspViolations(s), [], 'no CSP violation');
      }
    } finally {
      await s.close();
    }
  });
}

test('a tap on the term button opens the definition, a tap outside closes it, the link still leads to the glossary', async () => {
  const s = await openSession(browser, origin, { viewport: PHONE });
  try {
    await s.page.goto(`${origin}${ARTICLE}`);
    const button = s.page.locator('.prose button.term-button').first();
    const id = await button.getAttribute('popovertarget');
    await button.click();
    await s.page.waitForFunction((id) => document.getElementById(id).matches(':popover-open'), id);
    await s.page.mouse.click(5, 560);
    await s.page.waitForFunction((id) => !document.getElementById(id).matches(':popover-open'), id);
    const link = s.page.locator('.prose a[href^="/glossary/#"]').first();
    const href = await link.getAttribute('href');
    await link.click();
    await s.page.waitForURL(`${origin}${href}`);
    const target = decodeURIComponent(href.split('#')[1]);
    const heading = await s.page.evaluate((id) => {
      const el = document.getElementById(id);
      const box = el.getBoundingClientRect();
      return { tag: el.tagName, top: box.top, height: window.innerHeight };
    }, target);
    assert.equal(heading.tag, 'H2');
    assert.ok(heading.top >= 0 && heading.top < heading.height, 'the term is on screen');
    assert.deepEqual(await cspViolations(s), [], 'no CSP violation');
  } finally {
    await s.close();
  }
});

test('callouts and key points are announced by their labels', async () => {
  const s = await openSession(browser, origin);
  try {
    await s.page.goto(`${origin}${ARTICLE}`);
    const snapshot = await s.page.locator('main').ariaSnapshot();
    assert.match(snapshot, /note "If this brings up difficult feelings"/);
    assert.match(snapshot, /note "Something to think about"/);
    assert.match(snapshot, /region "Key points"/);
    assert.match(snapshot, /region "Sources"/);
  } finally {
    await s.close();
  }
});

test('a citation leads to its source, and the source back to the citation', async () => {
  const s = await openSession(browser, origin, { viewport: PHONE });
  try {
    await s.page.goto(`${origin}${ARTICLE}`);
    const cite = s.page.locator('.prose .citation a').first();
    const name = await cite.getAttribute('aria-label');
    assert.match(name, /^Source \d+$/);
    const citeId = await cite.getAttribute('id');
    await cite.click();
    const source = (await cite.getAttribute('href')).slice(1);
    await s.page.waitForFunction((id) => location.hash === `#${id}`, source);
    const inView = await s.page.evaluate((id) => {
      const box = document.getElementById(id).getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    }, source);
    assert.ok(inView, 'the source is on screen');
    assert.match(await s.page.locator(`#${source}`).innerText(), /\(\d{4}\)/, 'it reads as a reference');
    await s.page.locator(`#${source} a.source-back`).first().click();
    await s.page.waitForFunction((id) => location.hash === `#${id}`, citeId);
    // The quick exit is still in view after both jumps.
    const exit = await s.page.locator('a.quick-exit').first().boundingBox();
    assert.ok(exit && exit.y >= 0 && exit.y < 568, 'the quick exit stays on screen');
  } finally {
    await s.close();
  }
});

test('with a definition open, one tap on the quick exit still leaves the page', async () => {
  const home = await openSession(browser, origin, { javaScriptEnabled: false });
  let exitUrl;
  try {
    await home.page.goto(`${origin}${ARTICLE}`);
    exitUrl = await home.page.locator('a.quick-exit').first().getAttribute('href');
  } finally {
    await home.close();
  }
  const stub = '<!doctype html><html lang="en"><title>exit stub</title><p>Elsewhere.</p></html>';
  const s = await openSession(browser, origin, { viewport: PHONE, stubs: { [exitUrl]: stub } });
  try {
    await s.page.goto(`${origin}${ARTICLE}`);
    const button = s.page.locator('.prose button.term-button').first();
    const id = await button.getAttribute('popovertarget');
    await button.click();
    await s.page.waitForFunction((id) => document.getElementById(id).matches(':popover-open'), id);
    // A real tap at the control's place on the screen, whatever is over it.
    const exit = await s.page.locator('a.quick-exit').first().boundingBox();
    await s.page.mouse.click(exit.x + exit.width / 2, exit.y + exit.height / 2);
    await s.page.waitForURL(exitUrl);
    assert.equal(s.page.url(), exitUrl);
  } finally {
    await s.close();
  }
});
