// The test server itself: the other tests trust its routing and headers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, parseHeadersFile, headersFor } from './server.mjs';

let dir;
let server;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'candor-server-test-'));
  mkdirSync(path.join(dir, 'x'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(path.join(dir, 'x', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(dir, '404.html'), '<!doctype html><title>not found</title>');
  for (const name of ['a.css', 'a.js', 'a.svg', 'a.xml', 'a.txt', 'a.json']) {
    writeFileSync(path.join(dir, name), 'x');
  }
  writeFileSync(
    path.join(dir, '_headers'),
    '# comment\n/*\n  X-All: yes\n  X-Multi: one\n/x/\n  X-Only-X: yes\n/x/*\n  X-Multi: two\n',
  );
  server = await start(dir);
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (p, init) => fetch(`${server.url}${p}`, { redirect: 'manual', ...init });

test('binds to 127.0.0.1 on an ephemeral port', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(server.headersSource, '_headers');
});

test('folders serve index.html; a folder without its slash redirects', async () => {
  assert.match(await (await get('/')).text(), /<title>home/);
  const x = await get('/x/');
  assert.equal(x.status, 200);
  assert.match(await x.text(), /<title>x/);
  const bare = await get('/x');
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), '/x/');
});

test('content types', async () => {
  const expected = {
    '/': 'text/html; charset=utf-8',
    '/a.css': 'text/css; charset=utf-8',
    '/a.js': 'text/javascript; charset=utf-8',
    '/a.svg': 'image/svg+xml',
    '/a.xml': 'application/xml; charset=utf-8',
    '/a.txt': 'text/plain; charset=utf-8',
    '/a.json': 'application/json; charset=utf-8',
  };
  for (const [p, type] of Object.entries(expected)) {
    assert.equal((await get(p)).headers.get('content-type'), type, p);
  }
});

test('unknown paths, _headers itself and escapes get 404.html with status 404', async () => {
  for (const p of ['/nope/', '/nope.css', '/_headers', '/..%2f..%2fetc%2fpasswd', '/%E0%A4%A']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.match(await r.text(), /<title>not found/, p);
  }
});

test('_headers rules apply by path pattern and combine', async () => {
  const home = await get('/');
  assert.equal(home.headers.get('x-all'), 'yes');
  assert.equal(home.headers.get('x-multi'), 'one');
  assert.equal(home.headers.get('x-only-x'), null);
  const x = await get('/x/');
  assert.equal(x.headers.get('x-only-x'), 'yes');
  assert.equal(x.headers.get('x-multi'), 'one, two');
  assert.equal((await get('/nope/')).headers.get('x-all'), 'yes');
});

test('only GET and HEAD', async () => {
  assert.equal((await get('/', { method: 'POST' })).status, 405);
  const head = await get('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('parseHeadersFile rejects a header before any path', () => {
  assert.throws(() => parseHeadersFile('  X-A: b\n'), /before any path pattern/);
  assert.deepEqual(headersFor(parseHeadersFile('/about/\n  A: b\n'), '/about/index.html'), { a: 'b' });
});
