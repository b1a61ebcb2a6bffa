// A tiny static file server for the browser tests: no dependencies, binds to
// 127.0.0.1 on an ephemeral port, serves a built site the way a static host
// (Netlify, Cloudflare Pages) would:
//   - `/x/` serves `/x/index.html`; `/x` redirects to `/x/` when `x` is a folder;
//   - unknown paths get the site's `/404.html` with status 404;
//   - the headers of the site's `_headers` file are applied to every response
//     whose request path matches a rule (`/*`, `/prefix/*` or an exact path).
//
// Usage: const { url, close, headersSource } = await start('/path/to/public');

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

// DEVELOPMENT FALLBACK ONLY. Used when the served folder has no `_headers`
// file (the theme that writes it was still being built when this suite was
// written). These are exactly the headers the theme's contract promises for
// `/*`. The suite does not rely on this: site.test.mjs has a test that fails
// unless the built site ships a `_headers` file with these headers itself.
export const FALLBACK_HEADERS_FILE = `/*
  Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'
  Referrer-Policy: no-referrer
  X-Content-Type-Options: nosniff
  Permissions-Policy: camera=(), microphone=(), geolocation=()
`;

/**
 * Parses a `_headers` file (Netlify / Cloudflare Pages format) into rules.
 * A line that starts in column 0 is a path pattern; the indented
 * `Name: value` lines after it are that pattern's headers. `#` starts a
 * comment line. Returns [{ pattern, headers: [[name, value], ...] }].
 */
export function parseHeadersFile(text) {
  const rules = [];
  let current = null;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = { pattern: line.trim(), headers: [] };
      rules.push(current);
      continue;
    }
    if (!current) {
      throw new Error(`_headers line ${index + 1}: header before any path pattern: ${raw}`);
    }
    const colon = line.indexOf(':');
    if (colon < 0) {
      throw new Error(`_headers line ${index + 1}: expected "Name: value", got: ${raw}`);
    }
    current.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Whether a `_headers` path pattern applies to a request path. */
export function patternMatches(pattern, requestPath) {
  if (pattern === '/*' || pattern === '*') return true;
  if (pattern.endsWith('*')) return requestPath.startsWith(pattern.slice(0, -1));
  if (pattern === requestPath) return true;
  // `/about/` and `/about/index.html` name the same page.
  return pattern.endsWith('/') && requestPath === `${pattern}index.html`;
}

/** The headers of all matching rules; a name set by several rules is joined with ", ". */
export function headersFor(rules, requestPath) {
  const out = {};
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, requestPath)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      out[key] = key in out ? `${out[key]}, ${value}` : value;
    }
  }
  return out;
}

function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p) {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Serves `dir` on 127.0.0.1 at an ephemeral port.
 * Resolves to { url, close, headersSource, requests } where `url` has no
 * trailing slash, `headersSource` is "_headers" or "fallback", and
 * `requests` lists every request path the server saw.
 */
export async function start(dir) {
  const root = path.resolve(dir);
  if (!(await isDir(root))) throw new Error(`server: not a folder: ${root}`);
  const headersPath = path.join(root, '_headers');
  const headersSource = existsSync(headersPath) ? '_headers' : 'fallback';
  const rules = parseHeadersFile(
    headersSource === '_headers' ? readFileSync(headersPath, 'utf8') : FALLBACK_HEADERS_FILE,
  );
  if (headersSource === 'fallback') {
    process.emitWarning(
      `${headersPath} does not exist: serving the contract's fallback headers (development only)`,
    );
  }
  const requests = [];

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      requests.push(url.pathname);
      const send = (status, file, body, extra = {}) => {
        res.writeHead(status, {
          ...headersFor(rules, url.pathname),
          'Content-Type': file ? contentType(file) : 'text/plain; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'Cache-Control': 'no-store',
          ...extra,
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(405, null, 'method not allowed\n', { Allow: 'GET, HEAD' });
        return;
      }
      let decoded;
      try {
        decoded = decodeURIComponent(url.pathname);
      } catch {
        decoded = null;
      }
      let target = decoded === null ? null : path.join(root, decoded);
      // Stay inside the root and never serve the host configuration file.
      if (
        target !== null &&
        (!(target === root || target.startsWith(root + path.sep)) ||
          path.basename(target) === '_headers')
      ) {
        target = null;
      }
      if (target !== null && decoded.endsWith('/')) target = path.join(target, 'index.html');
      if (target !== null && !decoded.endsWith('/') && (await isDir(target))) {
        send(301, null, 'moved\n', { Location: `${url.pathname}/${url.search}` });
        return;
      }
      if (target !== null && (await isFile(target))) {
        send(200, target, await readFile(target));
        return;
      }
      const notFound = path.join(root, '404.html');
      if (await isFile(notFound)) {
        send(404, notFound, await readFile(notFound));
      } else {
        send(404, null, 'not found\n');
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`server error: ${error.message}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    headersSource,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
