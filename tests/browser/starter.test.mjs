// The site `candor new site` writes, as a practice first sees it: every
// page answers, and axe finds nothing in the light or the dark scheme at
// 320 px, before the practice has changed a word.
//
// Needs the release binary: `cargo build --release` (the README's first
// command builds it).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start } from './server.mjs';
import { TESTS_DIR, launchBrowser, openSession, runAxe, formatAxe } from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const BIN = process.env.CANDOR_BIN || path.join(REPO, 'target/release/candor');

const PAGES = [
  '/',
  '/about/',
  '/privacy/',
  '/browsing-safely/',
  '/articles/',
  '/articles/start-here/',
  '/faq/',
  '/faq/questions/',
  '/therapists/',
  '/therapists/example-therapist/',
  '/find-a-therapist/',
  '/find-a-therapist/thanks/',
  '/search/',
  '/topics/',
  '/tags/',
];

let work;
let server;
let browser;

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run \`cargo build --release\` first`);
  work = mkdtempSync(path.join(os.tmpdir(), 'candor-starter-'));
  const site = path.join(work, 'site');
  execFileSync(BIN, ['new', 'site', site], { stdio: 'ignore' });
  execFileSync(BIN, ['build', '--root', site], { stdio: 'ignore' });
  server = await start(path.join(site, 'public'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

for (const colorScheme of ['light', 'dark']) {
  test(`a new site, ${colorScheme} scheme at 320 px: every page answers and axe finds nothing`, async () => {
    const problems = [];
    for (const p of PAGES) {
      const s = await openSession(browser, server.url, { viewport: { width: 320, height: 800 }, colorScheme });
      try {
        const response = await s.page.goto(`${server.url}${p}`);
        if (response.status() !== 200) {
          problems.push(`${p}: status ${response.status()}`);
          continue;
        }
        const violations = await runAxe(s.page);
        if (violations.length) problems.push(`${p}:\n${formatAxe(violations)}`);
      } finally {
        await s.close();
      }
    }
    assert.deepEqual(problems, []);
  });
}
