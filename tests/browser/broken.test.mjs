// Proof that the checks bite: the same helpers that site.test.mjs uses, run
// against tests/fixtures/browser/broken/, a small site with deliberate flaws.
// Every test here expects a problem to be found.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start } from './server.mjs';
import {
  TESTS_DIR,
  launchBrowser,
  openSession,
  settle,
  cspViolations,
  runAxe,
  structureProblems,
  runVnu,
  filesUnder,
} from './checks.mjs';

const FIXTURE = path.resolve(TESTS_DIR, '../fixtures/browser/broken');

let server;
let browser;

before(async () => {
  server = await start(FIXTURE);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the fixture is served with the CSP from its own _headers file', async () => {
  assert.equal(server.headersSource, '_headers');
  const response = await fetch(`${server.url}/`);
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  const missing = await fetch(`${server.url}/no-such-page/`);
  assert.equal(missing.status, 404);
});

test('axe reports the missing alt text (image-alt)', async () => {
  const s = await openSession(browser, server.url);
  try {
    await s.page.goto(`${server.url}/`);
    const ids = (await runAxe(s.page)).map((v) => v.id);
    assert.ok(ids.includes('image-alt'), `axe found ${ids.join(', ') || 'nothing'}`);
  } finally {
    await s.close();
  }
});

test('the CSP listener and console record the inline style and inline script', async () => {
  const s = await openSession(browser, server.url);
  try {
    await s.page.goto(`${server.url}/`);
    await settle(s.page);
    const violations = await cspViolations(s);
    const events = violations.filter((v) => v.startsWith('securitypolicyviolation'));
    assert.ok(
      events.some((v) => /style-src/.test(v)),
      `no style-src violation recorded:\n${violations.join('\n')}`,
    );
    assert.ok(
      events.some((v) => /script-src/.test(v)),
      `no script-src violation recorded:\n${violations.join('\n')}`,
    );
    assert.ok(
      violations.some((v) => v.startsWith('console:')),
      `no CSP console message recorded:\n${violations.join('\n')}`,
    );
    // The inline script really was blocked.
    assert.notEqual(await s.page.title(), 'inline script ran');
  } finally {
    await s.close();
  }
});

test('the structure check flags two h1 elements', async () => {
  const s = await openSession(browser, server.url);
  try {
    await s.page.goto(`${server.url}/`);
    const problems = await structureProblems(s.page);
    assert.ok(problems.some((p) => /exactly one h1, found 2/.test(p)), problems.join('\n'));
  } finally {
    await s.close();
  }
});

test('the request guard blocks and lists a request to another origin', async () => {
  const s = await openSession(browser, server.url);
  try {
    await s.page.goto(`${server.url}/leak.html`);
    await s.page.waitForTimeout(500);
    assert.ok(
      s.external.some((line) => line.includes('https://tracker.example.com/pixel')),
      `external requests recorded: ${JSON.stringify(s.external)}`,
    );
  } finally {
    await s.close();
  }
});

test('vnu reports the stray end tag', async () => {
  const errors = await runVnu(filesUnder(FIXTURE, '.html'));
  assert.ok(
    errors.some((e) => path.basename(e.file) === 'index.html' && /Stray end tag/.test(e.message)),
    `vnu errors: ${JSON.stringify(errors, null, 2)}`,
  );
});
