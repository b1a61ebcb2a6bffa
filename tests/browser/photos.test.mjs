// Photos as a reader's browser gets them: on a 320 px phone at 3x the
// article's photo is a WebP no wider than the screen needs, shown the width
// of the text without shifting it; profile photos are small squares; and no
// image the browser receives carries EXIF or GPS data.
//
// Build the site first: `cargo run --release -- build` at the repository root.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start } from './server.mjs';
import { TESTS_DIR, launchBrowser } from './checks.mjs';

const REPO = path.resolve(TESTS_DIR, '../..');
const PUBLIC = path.resolve(process.env.CANDOR_SITE_DIR || path.join(REPO, 'public'));
const ARTICLE = '/articles/what-happens-in-sessions/';
const PROFILE = '/therapists/marisol-vega/';

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

/** A page at `width` px and `scale`x, with every image response kept. */
async function open(width, scale) {
  const context = await browser.newContext({
    viewport: { width, height: 800 },
    deviceScaleFactor: scale,
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  const images = [];
  // Each image's bytes, asked for as it arrives: an image of the page
  // navigated from can arrive after the next page was asked for, when the
  // browser has already dropped its body (then null: it was not this
  // page's).
  const bodies = new WeakMap();
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'image') return;
    images.push(response);
    bodies.set(response, response.body().catch(() => null));
  });
  return { page, images, bodies, close: () => context.close() };
}

/** Waits until the page's <img> `selector` is decoded; what it shows. */
async function shown(page, selector) {
  const img = page.locator(selector).first();
  await img.scrollIntoViewIfNeeded();
  return img.evaluate(async (el) => {
    await el.decode();
    const box = el.getBoundingClientRect();
    return { src: el.currentSrc, width: box.width, height: box.height, complete: el.complete };
  });
}

test('320 px at 3x: the article photo is a WebP just wide enough, as wide as the text, its space kept before it loads', async () => {
  const { page, images, close } = await open(320, 3);
  try {
    await page.goto(`${origin}${ARTICLE}`);
    // Before the photo loads, its box already has its height: nothing
    // below it jumps when it arrives.
    const reserved = await page.locator('main picture img').first().evaluate((el) => el.getBoundingClientRect().height);
    const photo = await shown(page, 'main picture img');
    assert.ok(photo.complete, 'the photo did not load');
    assert.match(photo.src, /\/room\.(\d+)\.webp$/, `not a WebP copy: ${photo.src}`);
    const width = Number(photo.src.match(/\.(\d+)\.webp$/)[1]);
    // 288 CSS px at 3x need 864 pixels: the 960 copy, not the 1280 one.
    assert.ok(width >= photo.width * 3 && width <= 960, `the ${width} px copy for a ${photo.width} px box at 3x`);
    assert.ok(Math.abs(photo.width - 288) <= 1, `the photo is ${photo.width} px wide in a 320 px screen`);
    assert.ok(Math.abs(photo.height / photo.width - 800 / 1280) < 0.01, 'the photo is stretched');
    assert.ok(Math.abs(reserved - photo.height) <= 1, `${reserved} px were kept for a ${photo.height} px photo`);
    const fetched = images.filter((r) => r.url().includes('/room.'));
    assert.equal(fetched.length, 1, `fetched ${fetched.map((r) => r.url())}`);
  } finally {
    await close();
  }
});

test('320 px at 3x: a profile photo is a square WebP of under 30 KB, on the card and on the profile page', async () => {
  const { page, images, bodies, close } = await open(320, 3);
  try {
    for (const address of ['/therapists/', PROFILE]) {
      images.length = 0;
      await page.goto(`${origin}${address}`);
      const photo = await shown(page, 'img.therapist-photo');
      assert.match(photo.src, /photo\.(\d+)x\1\.webp$/, `not a square WebP: ${photo.src}`);
      assert.equal(Math.round(photo.width), Math.round(photo.height), 'the photo is not square');
      let weighed = 0;
      for (const response of images) {
        const body = await bodies.get(response);
        if (body === null) continue;
        weighed += 1;
        assert.ok(body.length <= 30 * 1024, `${response.url()} is ${body.length} bytes`);
      }
      assert.ok(weighed >= 1, `no photo of ${address} was weighed`);
    }
  } finally {
    await close();
  }
});

test('no image a browser receives carries EXIF, GPS or XMP data, at 320 and 1280 px', async () => {
  for (const [width, scale] of [[320, 3], [1280, 1]]) {
    const { page, images, bodies, close } = await open(width, scale);
    try {
      let photos = 0;
      for (const address of [ARTICLE, '/therapists/', PROFILE]) {
        images.length = 0;
        await page.goto(`${origin}${address}`);
        await page.evaluate(async () => {
          for (const img of document.querySelectorAll('img')) {
            img.loading = 'eager';
            await img.decode().catch(() => {});
          }
        });
        // Read before the next page: a browser drops what it navigated from.
        for (const response of images.filter((r) => /\.(jpe?g|png|webp)$/.test(new URL(r.url()).pathname))) {
          assert.equal(new URL(response.url()).origin, origin, 'a photo from elsewhere');
          const body = await bodies.get(response);
          if (body === null) continue;
          photos += 1;
          for (const marker of ['Exif\0', 'GPS', 'http://ns.adobe.com/xap', 'ExampleCam']) {
            assert.equal(body.includes(marker), false, `${response.url()} holds ${JSON.stringify(marker)}`);
          }
        }
      }
      assert.ok(photos >= 3, `only ${photos} photos were fetched`);
    } finally {
      await close();
    }
  }
});
