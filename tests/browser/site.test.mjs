// Real-browser checks of the built example site (../../public): accessibility
// (axe-core), privacy (no third-party requests, no cookies, no Web Storage),
// the strict Content-Security-Policy, keyboard access, the site without
// JavaScript, the quick exit, and HTML validity (Nu HTML checker).
//
// Build the site first: `cargo run --release -- build` at the repository root.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { start, parseHeadersFile, headersFor } from './server.mjs';
import {
  TESTS_DIR,
  launchBrowser,
  openSession,
  settle,
  cspViolations,
  storageProblems,
  runAxe,
  formatAxe,
  activeElement,
  structureProblems,
  runVnu,
  formatVnu,
  filesUnder,
} from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
// CANDOR_SITE_DIR overrides the built site folder (e.g. to try a theme build elsewhere).
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));

if (!existsSync(path.join(PUBLIC, 'index.html'))) {
  throw new Error(
    `${PUBLIC}/index.html is missing: build the example site first with ` +
      '`cargo run --release -- build` at the repository root.',
  );
}

// One page of each kind the generator renders.
const PAGES = [
  { kind: 'home', path: '/' },
  { kind: 'section', path: '/articles/' },
  { kind: 'article', path: '/articles/what-sex-therapy-is-and-is-not/' },
  { kind: 'bundle article', path: '/articles/what-happens-in-sessions/' },
  { kind: 'article with callouts, key points, glossary terms and sources', path: '/articles/emotions-and-sexuality/' },
  { kind: 'glossary', path: '/glossary/' },
  { kind: 'FAQ', path: '/faq/sex-therapy-basics/' },
  { kind: 'taxonomy index', path: '/topics/' },
  { kind: 'term page', path: '/topics/consent/' },
  { kind: 'plain page', path: '/about/' },
  { kind: 'browsing safely page', path: '/browsing-safely/' },
  { kind: 'therapist directory', path: '/therapists/' },
  { kind: 'directory filter page', path: '/therapists/state/tx/' },
  { kind: 'therapist profile', path: '/therapists/marisol-vega/' },
  { kind: 'intake form', path: '/find-a-therapist/' },
  { kind: 'intake thank-you page', path: '/find-a-therapist/thanks/' },
  { kind: 'search page', path: '/search/' },
  { kind: 'A–Z list page', path: '/search/questions/' },
  { kind: '404 page', path: '/no-such-page/', status: 404 },
];

const ARTICLE = '/articles/what-sex-therapy-is-and-is-not/';

// What the theme promises to send for `/*` (public/_headers).
const CONTRACT_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

// Runs in the tested pages: reports when document.body gets `hidden`, to
// the test through a binding and, in case that message is lost as the page
// goes away, in the tab's session storage, which outlives the page.
const HIDDEN_OBSERVER = `document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver(() => {
    if (!document.body.hidden) return;
    const info = {
      url: location.href,
      bodyHidden: document.body.hidden,
      display: getComputedStyle(document.body).display,
    };
    try { sessionStorage.setItem('__candorTestAtExit', JSON.stringify(info)); } catch (_) {}
    window.__candorTestBodyHidden(info);
  }).observe(document.body, { attributes: true, attributeFilter: ['hidden'] });
});`;

const STUB_EXIT_PAGE =
  '<!doctype html><html lang="en"><title>exit stub</title><p>Stand-in for the exit site.</p></html>';

let server;
let browser;
let origin;
let exitUrl = null; // read from the home page's a.quick-exit

/** Fails with one readable line per problem. */
function assertNoProblems(problems, title) {
  assert.ok(problems.length === 0, `${title}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

function requireExitUrl() {
  assert.ok(
    exitUrl,
    'the home page has no <a class="quick-exit" href="..."> with an absolute http(s) URL, ' +
      'so the exit URL is unknown',
  );
  return exitUrl;
}

before(async () => {
  server = await start(PUBLIC);
  origin = server.url;
  browser = await launchBrowser();
  const s = await openSession(browser, origin, { javaScriptEnabled: false });
  try {
    await s.page.goto(`${origin}/`);
    const href = await s.page
      .locator('a.quick-exit')
      .first()
      .getAttribute('href', { timeout: 1000 })
      .catch(() => null);
    if (href && /^https?:\/\//.test(href) && new URL(href).origin !== origin) exitUrl = href;
  } finally {
    await s.close();
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the built site ships public/_headers with the contract headers for /*', () => {
  const file = path.join(PUBLIC, '_headers');
  assert.ok(existsSync(file), `${file} does not exist (the server fell back to the contract headers)`);
  const served = headersFor(parseHeadersFile(readFileSync(file, 'utf8')), '/');
  const directives = (csp) =>
    Object.fromEntries(
      (csp ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...sources]) => [name.toLowerCase(), sources.sort().join(' ')]),
    );
  assert.deepEqual(
    directives(served['content-security-policy']),
    directives(CONTRACT_HEADERS['content-security-policy']),
    'Content-Security-Policy for /*',
  );
  for (const name of ['referrer-policy', 'x-content-type-options']) {
    assert.equal(served[name], CONTRACT_HEADERS[name], name);
  }
  const features = (v) => (v ?? '').split(',').map((f) => f.trim()).filter(Boolean).sort();
  for (const feature of features(CONTRACT_HEADERS['permissions-policy'])) {
    assert.ok(features(served['permissions-policy']).includes(feature), `Permissions-Policy lacks ${feature}`);
  }
});

for (const pageDef of PAGES) {
  const expectedStatus = pageDef.status ?? 200;
  describe(`${pageDef.kind} ${pageDef.path}`, () => {
    const url = () => `${origin}${pageDef.path}`;

    test('axe-core: no WCAG 2.x A/AA violations', async () => {
      const s = await openSession(browser, origin);
      try {
        const response = await s.page.goto(url());
        assert.equal(response.status(), expectedStatus);
        const violations = await runAxe(s.page);
        assert.equal(
          violations.length,
          0,
          `axe found ${violations.length} violation(s) on ${pageDef.path}:\n${formatAxe(violations)}`,
        );
      } finally {
        await s.close();
      }
    });

    test('dark scheme at 320 px (400 % zoom): no axe violations, no horizontal scrolling', async () => {
      // 320 CSS pixels is what a 1280-pixel window shows at 400 % zoom.
      const s = await openSession(browser, origin, {
        viewport: { width: 320, height: 800 },
        colorScheme: 'dark',
      });
      try {
        const response = await s.page.goto(url());
        assert.equal(response.status(), expectedStatus);
        const violations = await runAxe(s.page);
        assert.equal(
          violations.length,
          0,
          `axe found ${violations.length} violation(s) in the dark scheme on ${pageDef.path}:\n${formatAxe(violations)}`,
        );
        const { scrollWidth, innerWidth } = await s.page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        assert.ok(scrollWidth <= innerWidth, `${pageDef.path} scrolls sideways at 320 px: ${scrollWidth} > ${innerWidth}`);
      } finally {
        await s.close();
      }
    });

    test('privacy and CSP: no other origin, no cookies, no storage, no CSP violations, no errors', async () => {
      const s = await openSession(browser, origin);
      try {
        const response = await s.page.goto(url());
        assert.equal(response.status(), expectedStatus);
        assert.match(
          response.headers()['content-security-policy'] ?? '',
          /default-src 'none'/,
          'the page was served without the CSP (server problem)',
        );
        await settle(s.page);
        const problems = [];
        const check = async (when) => {
          for (const p of await storageProblems(s)) problems.push(`${when}: ${p}`);
        };
        await check('after load');
        await s.page.keyboard.press('Tab');
        await s.page.keyboard.press('Tab');
        await s.page.keyboard.press('Shift'); // one press: counted, but no exit
        await settle(s.page);
        await check('after Tab, Tab, Shift');
        assert.equal(new URL(s.page.url()).origin, origin, 'a single Shift press left the page');
        for (const r of s.external) problems.push(`request to another origin (blocked): ${r}`);
        for (const v of await cspViolations(s)) problems.push(`CSP violation: ${v}`);
        for (const e of s.pageErrors) problems.push(`script error: ${e}`);
        for (const f of s.failedLoads) problems.push(`failed load: ${f}`);
        assertNoProblems(problems, `${pageDef.path} has problems`);
      } finally {
        await s.close();
      }
    });

    test('structure and keyboard: one h1, html[lang], Tab 1 = skip link, Tab 2 = quick exit', async () => {
      const s = await openSession(browser, origin);
      try {
        await s.page.goto(url());
        const problems = await structureProblems(s.page);
        const viewport = s.page.viewportSize();
        const onScreen = async (label) => {
          const box = await s.page.locator(':focus').boundingBox();
          if (!box || box.width <= 1 || box.height <= 1 || box.y < 0 || box.y >= viewport.height) {
            problems.push(`${label} is not visible on screen when focused (box ${JSON.stringify(box)})`);
          }
        };
        await s.page.keyboard.press('Tab');
        const first = await activeElement(s.page);
        if (!first || first.tag !== 'a' || first.href !== '#main') {
          problems.push(`Tab 1 should focus the skip link to #main, focused: ${first ? first.html : 'nothing'}`);
        } else {
          await onScreen('the skip link');
        }
        await s.page.keyboard.press('Tab');
        const second = await activeElement(s.page);
        if (
          !second ||
          second.tag !== 'a' ||
          second.text.toLowerCase() !== 'exit this page' ||
          !exitUrl ||
          second.href !== exitUrl
        ) {
          problems.push(
            `Tab 2 should focus an "Exit this page" link to ${exitUrl ?? 'the exit URL (unknown: no a.quick-exit on the home page)'}, ` +
              `focused: ${second ? second.html : 'nothing'}`,
          );
        } else {
          await onScreen('the Tab 2 exit link');
        }
        assertNoProblems(problems, `${pageDef.path} has problems`);
      } finally {
        await s.close();
      }
    });

    test('without JavaScript: h1, main text, Main navigation and quick exit are shown', async () => {
      const s = await openSession(browser, origin, { javaScriptEnabled: false });
      try {
        const response = await s.page.goto(url());
        assert.equal(response.status(), expectedStatus);
        const { page } = s;
        const problems = [];
        const h1 = page.locator('h1');
        if ((await h1.count()) < 1 || !(await h1.first().isVisible())) problems.push('no visible h1');
        else if (!(await h1.first().innerText()).trim()) problems.push('the h1 is empty');
        const main = page.locator('main');
        if ((await main.count()) !== 1 || !(await main.isVisible())) problems.push('no visible main');
        else if ((await main.innerText()).trim().length < 20) problems.push('main has (almost) no text');
        const nav = page.locator('nav[aria-label="Main"]');
        const links = nav.locator('a');
        if ((await nav.count()) !== 1 || !(await nav.isVisible())) {
          problems.push('no visible nav[aria-label="Main"]');
        } else if ((await links.count()) === 0) {
          problems.push('nav[aria-label="Main"] has no links');
        } else {
          for (const link of await links.all()) {
            const text = (await link.innerText()).trim();
            if (!(await link.isVisible()) || !text) {
              problems.push(`main navigation link not visible or empty: ${await link.evaluate((a) => a.outerHTML)}`);
            }
          }
        }
        const exit = page.locator('a.quick-exit');
        if ((await exit.count()) === 0) {
          problems.push('no a.quick-exit link');
        } else {
          if (!(await exit.first().isVisible())) problems.push('a.quick-exit is not visible');
          const href = await exit.first().getAttribute('href');
          if (!exitUrl || href !== exitUrl) problems.push(`a.quick-exit href is ${href}, expected ${exitUrl}`);
        }
        assertNoProblems(problems, `${pageDef.path} without JavaScript`);
      } finally {
        await s.close();
      }
    });
  });
}

describe(`quick exit on ${ARTICLE}`, () => {
  // Opens the home page and then the article, so that history has two
  // entries before the exit: a push would make it three.
  async function openArticle({ javaScriptEnabled = true } = {}) {
    const target = requireExitUrl();
    const state = { atExit: null };
    const s = await openSession(browser, origin, {
      javaScriptEnabled,
      stubs: { [target]: STUB_EXIT_PAGE },
    });
    if (javaScriptEnabled) {
      // Reports the moment the script sets body.hidden, from the page being
      // left (a DevTools binding: not subject to the page's CSP, and it
      // arrives even though the document is about to go away).
      await s.context.exposeBinding('__candorTestBodyHidden', (_source, info) => {
        state.atExit ??= info;
      });
      await s.context.addInitScript({ content: HIDDEN_OBSERVER });
    }
    await s.page.goto(`${origin}/`);
    await s.page.goto(`${origin}${ARTICLE}`);
    s.state = state;
    s.historyBefore = javaScriptEnabled ? await s.page.evaluate(() => history.length) : null;
    return s;
  }

  const shift = async (page) => {
    await page.keyboard.down('Shift');
    await page.keyboard.up('Shift');
  };

  async function assertLeftWithReplace(s) {
    await s.page.waitForURL(exitUrl, { timeout: 3000 });
    assert.equal(s.external.length, 0, `requests to other origins: ${s.external.join(', ')}`);
    const historyAfter = await s.page.evaluate(() => history.length);
    assert.equal(historyAfter, s.historyBefore, 'history.length grew: the exit pushed instead of replacing');
    const referer = s.stubbed[0]?.headers?.referer;
    assert.equal(referer, undefined, `the exit request sent a Referer: ${referer}`);
    // The binding's report travels through the browser connection on its own
    // schedule and may land just after the navigation event, or be lost with
    // the page: give it time, then read the copy the page kept in session
    // storage, from the page before the article in this tab (same origin).
    for (let i = 0; i < 40 && !s.state.atExit; i += 1) await new Promise((r) => setTimeout(r, 50));
    let atExit = s.state.atExit;
    if (!atExit) {
      await s.page.goBack({ waitUntil: 'domcontentloaded' });
      const kept = await s.page.evaluate(() => sessionStorage.getItem('__candorTestAtExit'));
      atExit = kept ? JSON.parse(kept) : null;
    }
    assert.ok(atExit, 'document.body.hidden was never set to true before leaving the page');
    assert.equal(atExit.url, `${origin}${ARTICLE}`, 'body.hidden was set on another page than the article');
    assert.equal(atExit.display, 'none', `body.hidden was set but the body still renders: ${JSON.stringify(atExit)}`);
  }

  async function assertStillOnArticle(s, what) {
    await s.page.waitForTimeout(600);
    assert.equal(s.page.url(), `${origin}${ARTICLE}`, `${what}: the page was left`);
    assert.equal(s.stubbed.length, 0, `${what}: the exit URL was requested`);
    assert.equal(s.state.atExit, null, `${what}: body.hidden was set`);
    assert.equal(await s.page.evaluate(() => document.body.hidden), false, `${what}: the page was hidden`);
  }

  test('the live region #quick-exit-status announces the first Shift press', async () => {
    const s = await openArticle();
    try {
      const region = s.page.locator('#quick-exit-status');
      assert.equal(await region.count(), 1, 'no #quick-exit-status element');
      assert.equal(await region.getAttribute('role'), 'status');
      assert.equal(await region.getAttribute('aria-live'), 'polite');
      await shift(s.page);
      await s.page
        .waitForFunction(() => document.querySelector('#quick-exit-status').textContent.trim() !== '', null, {
          timeout: 2000,
        })
        .catch(() => {});
      const text = (await region.textContent()).trim();
      assert.notEqual(text, '', '#quick-exit-status is still empty after one Shift press');
    } finally {
      await s.close();
    }
  });

  test('three Shift presses within 5 s hide the page and location.replace() to the exit URL', async () => {
    const s = await openArticle();
    try {
      for (let i = 0; i < 3; i += 1) await shift(s.page);
      await assertLeftWithReplace(s);
    } finally {
      await s.close();
    }
  });

  test('Shift used as a modifier (Shift+A) does not count', async () => {
    const s = await openArticle();
    try {
      for (let i = 0; i < 3; i += 1) {
        await s.page.keyboard.down('Shift');
        await s.page.keyboard.press('KeyA');
        await s.page.keyboard.up('Shift');
      }
      await shift(s.page);
      await assertStillOnArticle(s, 'Shift+A three times, then Shift');
      // Control: plain presses still work (two more make three).
      await shift(s.page);
      await shift(s.page);
      await assertLeftWithReplace(s);
    } finally {
      await s.close();
    }
  });

  test('the count expires 5 s after the first press', async () => {
    // A real wait: the script may time presses with event.timeStamp, which
    // Playwright's fake clock does not control.
    const s = await openArticle();
    try {
      await shift(s.page);
      await shift(s.page);
      await s.page.waitForTimeout(5200);
      await shift(s.page);
      await assertStillOnArticle(s, 'Shift, Shift, 5.2 s, Shift');
      // Control: the third press started a new count; two more make three.
      await shift(s.page);
      await shift(s.page);
      await assertLeftWithReplace(s);
    } finally {
      await s.close();
    }
  });

  test('clicking the quick-exit link (JavaScript on) hides the page and replaces the location', async () => {
    const s = await openArticle();
    try {
      await s.page.locator('a.quick-exit').first().click();
      await assertLeftWithReplace(s);
    } finally {
      await s.close();
    }
  });

  test('without JavaScript, clicking the quick-exit link goes to the exit URL', async () => {
    const s = await openArticle({ javaScriptEnabled: false });
    try {
      await s.page.locator('a.quick-exit').first().click();
      await s.page.waitForURL(exitUrl, { timeout: 3000 });
      assert.equal(s.stubbed.length, 1, 'the exit URL was not requested');
      assert.equal(s.external.length, 0, `requests to other origins: ${s.external.join(', ')}`);
    } finally {
      await s.close();
    }
  });
});

test('every HTML file of the built site is valid (Nu HTML checker)', async () => {
  const files = filesUnder(PUBLIC, '.html');
  assert.ok(files.length > 0, 'no HTML files in public/');
  const errors = await runVnu(files);
  assert.equal(
    errors.length,
    0,
    `vnu found ${errors.length} error(s) in ${files.length} files:\n${formatVnu(errors, REPO)}`,
  );
});
