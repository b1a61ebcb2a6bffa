// Real-browser checks of the therapist directory and the intake form of the
// built example site (../../public): filtering in place by keyboard, the
// filter state in the address, the result count announced, and the intake
// form filled in and sent with JavaScript turned off.
//
// Build the site first: `cargo run --release -- build` at the repository root.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start } from './server.mjs';
import { TESTS_DIR, launchBrowser, openSession, runAxe, formatAxe } from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));

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

/** Names of the therapists the directory shows now. */
async function shown(page) {
  return page.locator('.therapist-list > li:visible .therapist-name a').allInnerTexts();
}

/** Presses Tab until `selector` has focus, so only the keyboard is used. */
async function tabTo(page, selector, limit = 200) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

test('the directory filters in place by keyboard, announces the count and keeps the filter in the address', async () => {
  const s = await openSession(browser, origin);
  try {
    await s.page.goto(`${origin}/therapists/`);
    const all = await shown(s.page);
    assert.ok(all.length >= 6, `only ${all.length} therapists listed`);
    await s.page.locator('#directory-filter').waitFor({ state: 'visible' });

    // Texas: choose it from the state list with the keyboard alone.
    await tabTo(s.page, '#filter-state');
    await s.page.keyboard.type('Texas');
    await s.page.keyboard.press('Tab'); // leaving the select commits the choice
    await s.page.waitForFunction(() => new URL(location.href).searchParams.get('state') === 'TX');
    // From here on, every request the page makes is noted: filtering must
    // use what the page already holds.
    // (Chromium fetches the favicon again when the address changes.)
    const requested = [];
    s.page.on('request', (request) => {
      if (!new URL(request.url()).pathname.startsWith('/favicon.')) requested.push(request.url());
    });
    const texas = await shown(s.page);
    assert.ok(texas.length >= 1 && texas.length < all.length, `Texas shows ${texas.length} of ${all.length}`);
    for (const name of texas) {
      const card = s.page.locator('.therapist-card', { hasText: name });
      assert.match(await card.getAttribute('data-states'), /\bTX\b/, `${name} is not licensed in Texas`);
    }
    const status = s.page.locator('#filter-status');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(
      await status.innerText(),
      `Showing ${texas.length} ${texas.length === 1 ? 'therapist' : 'therapists'} of ${all.length}.`,
    );

    // Add "Spanish" and "accepting new clients" with the keyboard.
    await tabTo(s.page, '#filter-language');
    await s.page.keyboard.type('Spanish');
    await tabTo(s.page, '#filter-accepting');
    await s.page.keyboard.press('Space');
    await s.page.waitForFunction(() => new URL(location.href).searchParams.get('accepting') === 'yes');
    const narrowed = await shown(s.page);
    assert.ok(
      narrowed.length >= 1 && narrowed.length <= texas.length,
      `Texas, Spanish, accepting shows ${narrowed.length} of ${texas.length}`,
    );
    for (const name of narrowed) {
      const card = s.page.locator('.therapist-card', { hasText: name });
      assert.match(await card.getAttribute('data-languages'), /\bspanish\b/);
      assert.equal(await card.getAttribute('data-accepting'), 'true');
    }

    // The address can be shared: opening it shows the same list.
    const address = s.page.url();
    assert.match(address, /state=TX/);
    assert.match(address, /language=spanish/);
    const other = await openSession(browser, origin);
    try {
      await other.page.goto(address);
      await other.page.locator('#directory-filter').waitFor({ state: 'visible' });
      assert.deepEqual(await shown(other.page), narrowed);
      assert.equal(await other.page.locator('#filter-state').inputValue(), 'TX');
    } finally {
      await other.close();
    }

    // Clearing the filters shows everyone again.
    await tabTo(s.page, '#filter-reset');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() => location.search === '');
    assert.deepEqual(await shown(s.page), all);
    assert.deepEqual(requested, [], 'filtering made requests');
    assert.deepEqual(s.external, [], 'filtering made requests to other sites');

    const violations = await runAxe(s.page);
    assert.equal(violations.length, 0, formatAxe(violations));
  } finally {
    await s.close();
  }
});

test('without JavaScript the directory links to pre-built filter pages instead', async () => {
  const s = await openSession(browser, origin, { javaScriptEnabled: false });
  try {
    await s.page.goto(`${origin}/therapists/`);
    assert.equal(await s.page.locator('#directory-filter').isVisible(), false);
    await s.page.getByRole('link', { name: 'Texas' }).click();
    await s.page.waitForURL(/\/therapists\/state\/tx\/$/);
    assert.equal(await s.page.locator('h1').innerText(), 'Therapists licensed in Texas');
    const names = await shown(s.page);
    assert.ok(names.length >= 1);
    for (const card of await s.page.locator('.therapist-card').all()) {
      assert.match(await card.innerText(), /Texas/);
    }
  } finally {
    await s.close();
  }
});

test('the intake form can be filled in and sent with JavaScript off', async () => {
  const s = await openSession(browser, origin, { javaScriptEnabled: false });
  let sent = null;
  // The receiver is a separate program; stand in for it and record the POST.
  await s.context.route(`${origin}/api/intake`, async (route) => {
    const request = route.request();
    sent = {
      method: request.method(),
      type: request.headers()['content-type'],
      body: new URLSearchParams(request.postData() ?? ''),
    };
    await route.fulfill({ status: 303, headers: { location: '/find-a-therapist/thanks/' } });
  });
  try {
    await s.page.goto(`${origin}/find-a-therapist/`);
    await s.page.getByLabel('Which state do you live in?').selectOption('OR');
    await s.page.getByLabel('Me and a partner').check();
    await s.page.getByRole('group', { name: /What would you like help with/ }).getByLabel('Consent').check();
    await s.page.getByLabel('By video').check();
    await s.page.getByLabel('What should we call you?').fill('Sam');
    await s.page.getByRole('group', { name: 'How should we contact you?' }).getByLabel('Email').check();
    await s.page.getByLabel('Email address').fill('sam@example.org');
    await s.page.getByLabel('Only leave a first name and a number to call back').check();
    await s.page.getByLabel(/I agree/).check();
    await s.page.getByRole('button', { name: 'Send my answers' }).click();
    await s.page.waitForURL(/\/find-a-therapist\/thanks\/$/);

    assert.ok(sent, 'the form was not sent');
    assert.equal(sent.method, 'POST');
    assert.equal(sent.type, 'application/x-www-form-urlencoded');
    assert.equal(sent.body.get('state'), 'OR');
    assert.equal(sent.body.get('seeking'), 'couples');
    assert.deepEqual(sent.body.getAll('concerns'), ['consent']);
    assert.equal(sent.body.get('email'), 'sam@example.org');
    assert.equal(sent.body.get('messages'), 'name_only');
    assert.equal(sent.body.get('consent'), 'yes');
    assert.equal(sent.body.get('website'), '', 'the honeypot is sent empty');
    // Nothing the person typed ends up in the address or the history.
    assert.doesNotMatch(s.page.url(), /sam|OR|couples/i);
    assert.equal(await s.page.locator('h1').innerText(), 'Thank you: we have your answers');
  } finally {
    await s.close();
  }
});

test('the honeypot cannot be reached by keyboard or screen reader', async () => {
  const s = await openSession(browser, origin);
  try {
    await s.page.goto(`${origin}/find-a-therapist/`);
    // Not in the accessibility tree...
    const snapshot = await s.page.locator('form#intake-form').ariaSnapshot();
    assert.doesNotMatch(snapshot, /Leave this field empty/);
    // ...and never focused by Tab.
    for (let i = 0; i < 120; i++) {
      await s.page.keyboard.press('Tab');
      const id = await s.page.evaluate(() => document.activeElement?.id);
      assert.notEqual(id, 'website', 'Tab reached the honeypot');
      if (id === '' && i > 5) {
        const tag = await s.page.evaluate(() => document.activeElement?.tagName);
        if (tag === 'BODY') break;
      }
    }
  } finally {
    await s.close();
  }
});
