// Checking helpers shared by site.test.mjs (the real site) and
// broken.test.mjs (a deliberately broken fixture that proves the checks
// catch problems). Every check returns data or a list of problems; the tests
// decide what to assert.

import { cpSync, readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Belt and braces behind the request guard below: the browser cannot
  // resolve any host name except the loopback test server's.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const VNU_JAR = require('vnu-jar');

/**
 * A copy of the example site in `work/site` whose intake form seals to a
 * fresh throwaway key, made with `bin` (`candor intake keygen`) in
 * `work/key.txt`. Returns { site, key }.
 */
export function practiceSite(work, bin) {
  const repo = path.resolve(HERE, '../..');
  const site = path.join(work, 'site');
  for (const part of ['candor.yaml', 'content', 'forms']) {
    cpSync(path.join(repo, part), path.join(site, part), { recursive: true });
  }
  const key = path.join(work, 'key.txt');
  const publicKey = execFileSync(bin, ['intake', 'keygen', '--out', key], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
  const config = path.join(site, 'candor.yaml');
  const text = readFileSync(config, 'utf8');
  const endpoint = /\n {2}endpoint: \/api\/intake\n/;
  if (!endpoint.test(text)) throw new Error('candor.yaml has no `  endpoint: /api/intake` line to add the key after');
  writeFileSync(config, text.replace(endpoint, `\n  endpoint: /api/intake\n  recipients:\n    - ${publicKey}\n`));
  return { site, key };
}

/** Launches the system Chromium (never a Playwright-downloaded browser). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// Runs in every document before its own scripts (Playwright injects it
// through the DevTools protocol, so the page's CSP does not block it).
const CSP_RECORDER = `(() => {
  const seen = [];
  Object.defineProperty(window, '__cspViolations', { value: seen });
  window.addEventListener('securitypolicyviolation', (e) => {
    seen.push({
      directive: e.effectiveDirective || e.violatedDirective,
      blockedURI: e.blockedURI,
      sourceFile: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
    });
  }, true);
})();`;

/**
 * Opens a fresh browser context and page against the test server at `origin`.
 *
 * Every request to another origin is aborted (so nothing leaves the machine)
 * and recorded in `external`, except URLs listed in `stubs`
 * ({ url: html }), which are fulfilled locally with that HTML and recorded in
 * `stubbed`. CSP problems are recorded from the console and from a
 * `securitypolicyviolation` listener.
 */
export async function openSession(
  browser,
  origin,
  {
    javaScriptEnabled = true,
    stubs = {},
    viewport = { width: 1280, height: 900 },
    colorScheme = 'light',
  } = {},
) {
  const context = await browser.newContext({
    javaScriptEnabled,
    serviceWorkers: 'block',
    viewport,
    colorScheme,
  });
  // Everything is local: a step that takes seconds has failed.
  context.setDefaultTimeout(5000);
  context.setDefaultNavigationTimeout(10000);
  const session = {
    context,
    origin,
    external: [],
    stubbed: [],
    consoleCsp: [],
    consoleErrors: [],
    pageErrors: [],
    failedLoads: [],
  };
  const stubUrls = new Map(Object.entries(stubs).map(([u, html]) => [new URL(u).href, html]));
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin === origin) return route.continue();
    const stub = stubUrls.get(url.href);
    if (stub !== undefined) {
      session.stubbed.push({ url: url.href, headers: await request.allHeaders() });
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: stub });
    }
    session.external.push(`${request.method()} ${url.href} (${request.resourceType()})`);
    return route.abort('blockedbyclient');
  });
  // Second net under the route: anything the context requests at all.
  context.on('request', (request) => {
    const url = request.url();
    if (!/^https?:/.test(url)) return;
    const u = new URL(url);
    if (u.origin === origin || stubUrls.has(u.href)) return;
    const line = `${request.method()} ${u.href} (${request.resourceType()})`;
    if (!session.external.includes(line)) session.external.push(line);
  });
  if (javaScriptEnabled) await context.addInitScript({ content: CSP_RECORDER });
  const page = await context.newPage();
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to/i.test(text)) session.consoleCsp.push(text);
    else if (msg.type() === 'error') session.consoleErrors.push(text);
  });
  page.on('pageerror', (error) => session.pageErrors.push(String(error)));
  // Same-origin subresources that failed (the document itself may be a 404).
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() || response.status() < 400) return;
    session.failedLoads.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).origin !== origin) return; // blocked on purpose
    session.failedLoads.push(`${request.failure()?.errorText} ${request.url()}`);
  });
  session.page = page;
  session.close = () => context.close();
  return session;
}

/** Lets queued events (CSP reports, console messages) arrive. */
export async function settle(page, ms = 150) {
  await page.waitForTimeout(ms);
}

/** CSP violations seen so far, as readable lines (console + event listener). */
export async function cspViolations(session) {
  const fromEvents = await session.page
    .evaluate(() => (window.__cspViolations ? [...window.__cspViolations] : []))
    .catch(() => []);
  return [
    ...session.consoleCsp.map((t) => `console: ${t}`),
    ...fromEvents.map(
      (v) =>
        `securitypolicyviolation: ${v.directive} blocked ${v.blockedURI || '(inline)'}` +
        `${v.sourceFile ? ` at ${v.sourceFile}:${v.line}` : ''}${v.sample ? ` sample=${JSON.stringify(v.sample)}` : ''}`,
    ),
  ];
}

/** Cookies of the context and Web Storage of the page, as problems. */
export async function storageProblems(session) {
  const problems = [];
  const cookies = await session.context.cookies();
  if (cookies.length) {
    problems.push(`cookies set: ${cookies.map((c) => `${c.name}@${c.domain}${c.path}`).join(', ')}`);
  }
  const storage = await session.page.evaluate(() => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => s.key(i));
    return { local: dump(localStorage), session: dump(sessionStorage) };
  });
  if (storage.local.length) problems.push(`localStorage keys: ${storage.local.join(', ')}`);
  if (storage.session.length) problems.push(`sessionStorage keys: ${storage.session.join(', ')}`);
  return problems;
}

/**
 * Runs axe-core in the page under the page's own CSP. The engine is
 * evaluated through the DevTools protocol (page.evaluate), which a page's
 * CSP does not govern, so the served policy is not weakened.
 */
export async function runAxe(page, tags = AXE_TAGS) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (values) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values },
        resultTypes: ['violations'],
      }),
    tags,
  );
  return results.violations;
}

/** axe violations as readable text. */
export function formatAxe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}\n      ${n.html}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/** The focused element, described. */
export async function activeElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return {
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
      className: el.getAttribute('class') || '',
      html: el.outerHTML.slice(0, 200),
    };
  });
}

/** Basic document structure problems: exactly one h1, a non-empty html[lang]. */
export async function structureProblems(page) {
  const facts = await page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    lang: document.documentElement.getAttribute('lang'),
  }));
  const problems = [];
  if (facts.h1 !== 1) problems.push(`expected exactly one h1, found ${facts.h1}`);
  if (!facts.lang || !facts.lang.trim()) problems.push('html[lang] is missing or empty');
  return problems;
}

/** Every file under `dir` whose name ends with `ext`, sorted. */
export function filesUnder(dir, ext) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(ext)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Runs the Nu HTML checker (vnu.jar from the vnu-jar package, on the
 * machine's java) over `files`. Resolves to [{ file, line, column, message,
 * extract }] for every error.
 */
export function runVnu(files) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'java',
      ['-Xss16m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--exit-zero-always', ...files],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new Error(`could not run java: ${e.message} (apt-get install -y default-jre-headless)`)));
    child.on('close', (code) => {
      const text = (err.trim() || out.trim());
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        reject(new Error(`vnu exited ${code} without JSON output:\n${out}\n${err}`));
        return;
      }
      resolve(
        parsed.messages
          .filter((m) => m.type === 'error' || m.subType === 'fatal')
          .map((m) => ({
            file: m.url ? fileURLToPath(m.url) : '(unknown)',
            line: m.lastLine ?? m.firstLine ?? 0,
            column: m.firstColumn ?? m.lastColumn ?? 0,
            message: m.message,
            extract: m.extract,
          })),
      );
    });
  });
}

/** vnu errors as readable `file:line:column: message` lines. */
export function formatVnu(errors, relativeTo = process.cwd()) {
  return errors
    .map((e) => `  ${path.relative(relativeTo, e.file)}:${e.line}:${e.column}: ${e.message}`)
    .join('\n');
}

export const TESTS_DIR = HERE;
