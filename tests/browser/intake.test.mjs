// The intake form against the real receiver (`candor intake serve --public`)
// in Chromium: an empty form comes back with an error summary that takes
// focus and links to each field; a completed form is stored and leads to
// the thank-you page with matched therapists, with nothing of the answers
// in the address, in cookies or in storage.
//
// Needs the release binary and the built site: `cargo run --release -- build`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  TESTS_DIR,
  launchBrowser,
  practiceSite,
  openSession,
  runAxe,
  formatAxe,
  storageProblems,
  cspViolations,
  settle,
} from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));
const BIN = process.env.CANDOR_BIN || path.join(REPO, 'target/release/candor');

let work;
let server;
let origin;
let browser;

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run \`cargo build --release\` first`);
  work = mkdtempSync(path.join(os.tmpdir(), 'candor-intake-'));
  const { site } = practiceSite(work, BIN);

  server = spawn(
    BIN,
    ['intake', 'serve', '--root', site, '--db', path.join(work, 'intake.sqlite3'), '--bind', '127.0.0.1:0',
      '--public', PUBLIC, '--min-fill-seconds', '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  origin = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the receiver did not start:\n${seen}`)), 20000);
    server.stderr.on('data', (chunk) => {
      seen += chunk;
      const found = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\s/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`the receiver exited (${code}):\n${seen}`)));
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('an incomplete form comes back with a focused error summary linking to each field', async () => {
  const s = await openSession(browser, origin);
  try {
    await s.page.goto(`${origin}/find-a-therapist/`);
    await s.page.getByRole('button', { name: 'Send my answers' }).click();
    await s.page.locator('[data-error-summary]').waitFor();
    assert.match(await s.page.title(), /^Error: /);
    // Focus is on the summary, so a screen reader reads it first.
    assert.equal(await s.page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true);
    const links = s.page.locator('.error-summary a');
    assert.ok((await links.count()) >= 4, 'every missing answer is listed');
    assert.equal(await links.first().innerText(), 'Choose the state you live in');
    // Following a link puts the cursor in the field.
    await links.first().click();
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'f-state');
    // Each field in error says so beside it, tied to the control.
    assert.match(await s.page.locator('#f-state').getAttribute('aria-describedby'), /f-state-error/);
    const violations = await runAxe(s.page);
    assert.equal(violations.length, 0, formatAxe(violations));
  } finally {
    await s.close();
  }
});

test('a completed form is stored and shows matched therapists, leaving no trace of the answers', async () => {
  const s = await openSession(browser, origin);
  try {
    await s.page.goto(`${origin}/find-a-therapist/`);
    await s.page.getByLabel('Which state do you live in?').selectOption('OR');
    await s.page.getByLabel('Me and a partner').check();
    await s.page.getByRole('group', { name: /What would you like help with/ }).getByLabel('Intimacy and connection').check();
    await s.page.getByLabel('By video').check();
    await s.page.getByLabel('What should we call you?').fill('Wren');
    await s.page.getByRole('group', { name: 'How should we contact you?' }).getByLabel('Text message').check();
    await s.page.getByLabel('Phone number').fill('555 010 0188');
    await s.page.getByLabel('No, do not leave any message').check();
    await s.page.getByLabel(/I agree/).check();
    const [response] = await Promise.all([
      s.page.waitForResponse((r) => r.url().endsWith('/api/intake')),
      s.page.getByRole('button', { name: 'Send my answers' }).click(),
    ]);
    assert.equal(response.status(), 303);
    assert.equal(response.headers()['cache-control'], 'no-store');
    await s.page.waitForURL(/\/find-a-therapist\/thanks\/\?m=[0-9a-f]+$/);
    assert.equal(await s.page.locator('h1').innerText(), 'Thank you: we have your answers');
    const matched = await s.page.locator('.therapist-name a').allInnerTexts();
    assert.ok(matched.length >= 1, 'nobody was matched in Oregon');
    assert.match(await s.page.locator('main').innerText(), /licensed in Oregon/);
    // Nothing typed is in the address; nothing was kept in the browser.
    assert.doesNotMatch(s.page.url(), /Wren|0188|OR\b|intimacy/i);
    await settle(s.page);
    assert.deepEqual(await storageProblems(s), []);
    assert.deepEqual(await cspViolations(s), []);
    assert.deepEqual(s.external, []);
    const violations = await runAxe(s.page);
    assert.equal(violations.length, 0, formatAxe(violations));
  } finally {
    await s.close();
  }
});
