// The intake inbox (`candor intake inbox`) in Chromium: the coordinator
// opens the address it prints, reads each submission laid out as the form
// asked it, marks one contacted with a note, and finds the mark again after
// the inbox is restarted. The page passes axe at 1280 px and 320 px, light
// and dark, loads nothing from elsewhere and breaks no CSP rule; and no
// answer is written in plaintext anywhere in the temporary folders.
//
// Needs the release binary: `cargo build --release`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
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
const BIN = process.env.CANDOR_BIN || path.join(REPO, 'target/release/candor');

// What the people in the test wrote: none of it may reach the disk as text.
const PEOPLE = [
  { name: 'Ottoline Brasswick', email: 'ottoline.brasswick@example.org', state: 'OR', stateName: 'Oregon' },
  { name: 'Perpetua Quernhollow', email: 'perpetua.quernhollow@example.org', state: 'WA', stateName: 'Washington' },
];
const NOTE = 'Left a voicemail for Ottoline on Tuesday';

let work;
let site;
let key;
let db;
let browser;
let started;

/** Runs `candor` with `args` until it prints `pattern` on `stream`; resolves with the match and the process. */
function startUntil(args, stream, pattern) {
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`candor ${args[1]} did not start:\n${seen}`)), 20000);
    child[stream].on('data', (chunk) => {
      seen += chunk;
      const found = seen.match(pattern);
      if (found) {
        clearTimeout(timer);
        resolve({ child, found });
      }
    });
    child.on('exit', (code) => reject(new Error(`candor ${args[1]} exited (${code}):\n${seen}`)));
  });
}

/** Stops `child` with Ctrl-C and waits for it to end. */
function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGINT');
  });
}

function openInbox() {
  return startUntil(
    ['intake', 'inbox', '--root', site, '--db', db, '--identity', key],
    'stdout',
    /^(http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/)$/m,
  ).then(({ child, found }) => ({ child, url: found[1], origin: new URL(found[1]).origin }));
}

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run \`cargo build --release\` first`);
  started = Date.now();
  work = mkdtempSync(path.join(os.tmpdir(), 'candor-inbox-'));
  ({ site, key } = practiceSite(work, BIN));
  db = path.join(work, 'intake.sqlite3');

  // Two people send the form to the receiver, which seals what they wrote.
  const { child: receiver, found } = await startUntil(
    ['intake', 'serve', '--root', site, '--db', db, '--bind', '127.0.0.1:0', '--min-fill-seconds', '0'],
    'stderr',
    /listening on (http:\/\/127\.0\.0\.1:\d+)\s/,
  );
  try {
    for (const person of PEOPLE) {
      const body = new URLSearchParams([
        ['state', person.state], ['seeking', 'individual'], ['setting', 'telehealth'],
        ['name', person.name], ['contact_method', 'email'], ['email', person.email], ['messages', 'none'],
        ['consent', 'yes'], ['website', ''],
      ]);
      const response = await fetch(`${found[1]}/api/intake`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(response.status, 303, await response.text());
    }
  } finally {
    await stop(receiver);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the coordinator reads each submission as the form asked it, marks one contacted, and finds the mark after a restart', async () => {
  let inbox = await openInbox();
  try {
    const s = await openSession(browser, inbox.origin);
    try {
      const response = await s.page.goto(inbox.url);
      assert.equal(response.status(), 200);
      assert.equal(response.headers()['cache-control'], 'no-store');
      assert.match(response.headers()['content-security-policy'], /default-src 'none'/);
      assert.equal(await s.page.locator('h1').innerText(), 'Intake inbox');
      const articles = s.page.getByRole('article');
      assert.equal(await articles.count(), 2);
      // Newest first.
      assert.match(await articles.nth(0).locator('h2').innerText(), /Perpetua Quernhollow/);
      const ottoline = s.page.getByRole('article', { name: /Ottoline Brasswick/ });
      // Answers under the form's own questions and choices.
      const text = await ottoline.innerText();
      assert.match(text, /Which state do you live in\?\s+Oregon/);
      assert.match(text, /How should we contact you\?\s+Email/);
      assert.match(text, /Therapists matched/);
      assert.match(await ottoline.locator('.state-badge').innerText(), /^New$/);

      // Mark it contacted, with a note.
      await ottoline.getByRole('group', { name: 'Status' }).getByLabel('Contacted').check();
      await ottoline.getByLabel(/Note for the team/).fill(NOTE);
      const [saved] = await Promise.all([
        s.page.waitForResponse((r) => r.request().method() === 'POST'),
        ottoline.getByRole('button', { name: /Save status and note/ }).click(),
      ]);
      assert.equal(saved.status(), 303);
      await s.page.waitForURL(/#s-[0-9a-f]+$/);
      assert.match(await ottoline.locator('.state-badge').innerText(), /^Contacted$/);
      assert.equal(await ottoline.getByLabel(/Note for the team/).inputValue(), NOTE);
      // The other one is untouched.
      const perpetua = s.page.getByRole('article', { name: /Perpetua Quernhollow/ });
      assert.match(await perpetua.locator('.state-badge').innerText(), /^New$/);

      // Copy as text: the whole submission, ready to paste.
      await ottoline.getByText(/^Copy as text/).click();
      const plain = await ottoline.getByLabel(/as plain text/).inputValue();
      assert.match(plain, /Which state do you live in\?: Oregon/);
      assert.match(plain, new RegExp(NOTE));

      await settle(s.page);
      assert.deepEqual(await storageProblems(s), []);
      assert.deepEqual(await cspViolations(s), []);
      assert.deepEqual(s.external, []);
      assert.deepEqual(s.failedLoads, []);
      const violations = await runAxe(s.page);
      assert.equal(violations.length, 0, formatAxe(violations));
    } finally {
      await s.close();
    }
  } finally {
    await stop(inbox.child);
  }

  // Started again: a new secret address, and the mark is there.
  inbox = await openInbox();
  try {
    const s = await openSession(browser, inbox.origin);
    try {
      await s.page.goto(inbox.url);
      const ottoline = s.page.getByRole('article', { name: /Ottoline Brasswick/ });
      assert.match(await ottoline.locator('.state-badge').innerText(), /^Contacted$/);
      assert.equal(await ottoline.getByLabel(/Note for the team/).inputValue(), NOTE);
      assert.match(await s.page.locator('.inbox-count').innerText(), /1 not yet contacted/);
      // The printable page of one submission.
      await ottoline.getByRole('link', { name: /Open alone, to print/ }).click();
      await s.page.waitForURL(/\/s\/[0-9a-f]+$/);
      assert.equal(await s.page.getByRole('article').count(), 1);
      await s.page.emulateMedia({ media: 'print' });
      assert.equal(await s.page.locator('form.mark').isVisible(), false, 'the status form is not printed');
      assert.match(await s.page.getByRole('article').innerText(), /Oregon/);
    } finally {
      await s.close();
    }
    // The address without its token, or with another, shows nothing.
    const wrong = await fetch(`${inbox.origin}/${'0'.repeat(32)}/`);
    assert.equal(wrong.status, 404);
    assert.doesNotMatch(await wrong.text(), /Ottoline/);
    assert.equal((await fetch(`${inbox.origin}/`)).status, 404);
  } finally {
    await stop(inbox.child);
  }
});

test('the inbox reads well on a phone, light and dark', async () => {
  const inbox = await openInbox();
  try {
    for (const colorScheme of ['light', 'dark']) {
      const s = await openSession(browser, inbox.origin, { viewport: { width: 320, height: 640 }, colorScheme });
      try {
        await s.page.goto(inbox.url);
        const sideways = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways}px at 320px (${colorScheme})`);
        const violations = await runAxe(s.page);
        assert.equal(violations.length, 0, `${colorScheme}: ${formatAxe(violations)}`);
      } finally {
        await s.close();
      }
    }
  } finally {
    await stop(inbox.child);
  }
});

test('a page elsewhere cannot reach the inbox through another host name', async () => {
  const inbox = await openInbox();
  try {
    const port = new URL(inbox.origin).port;
    const response = await new Promise((resolve, reject) => {
      // A DNS-rebinding page would arrive with its own host name.
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: new URL(inbox.url).pathname, headers: { host: `attacker.example:${port}` } }, (res) => {
          let body = '';
          res.on('data', (c) => { body += c; });
          res.on('end', () => resolve({ status: res.statusCode, body }));
        });
        req.on('error', reject);
        req.end();
      });
    });
    assert.equal(response.status, 421);
    assert.doesNotMatch(response.body, /Ottoline|Perpetua/);
  } finally {
    await stop(inbox.child);
  }
});

test('no answer or note was written in plaintext to the temporary folders', async () => {
  // The browser first, so whatever it writes on closing is scanned too.
  await browser.close();
  browser = null;
  const secrets = [...PEOPLE.flatMap((p) => [p.name, p.email]), NOTE];
  const found = [];
  const scan = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        scan(full);
        continue;
      }
      let info;
      try {
        info = statSync(full);
      } catch {
        continue;
      }
      // Only what was written while these tests ran, and not huge files.
      if (!info.isFile() || info.mtimeMs < started - 1000 || info.size > 64 * 1024 * 1024) continue;
      let bytes;
      try {
        bytes = readFileSync(full);
      } catch {
        continue;
      }
      for (const secret of secrets) {
        if (bytes.includes(Buffer.from(secret))) found.push(`${secret} in ${full}`);
      }
    }
  };
  for (const dir of new Set([os.tmpdir(), '/tmp', '/var/tmp', work])) scan(dir);
  assert.deepEqual(found, []);
});
