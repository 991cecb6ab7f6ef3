// clickjacking.test.mjs — a page of another site that frames datalots, in a
// real browser (docs/security.md, "Clickjacking"): the sign-in form, a
// signed-in person's case list and a public page are never shown inside the
// frame (Content-Security-Policy frame-ancestors 'none' and X-Frame-Options
// DENY). The test can fail: the same frame with those two headers taken off
// the answer (by the test, in its own context) shows the form, and a page of
// the other site frames itself fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, sharedBrowser, signIn } from './lib.mjs';

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();
const EVIL = 'http://evil.example';

// The other site's page: one frame holding TARGET, served by the test.
async function serveEvil(page, target) {
  await page.route(`${EVIL}/**`, (route) => {
    const u = new URL(route.request().url());
    if (u.pathname === '/inner') {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<p id="inner">Inne</p>' });
    }
    return route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><title>Vinn en resa</title><h1>Klicka här!</h1>
             <iframe id="bait" src="${target}" width="800" height="600"></iframe>`,
    });
  });
}

// What the frame shows once the other site's page has loaded: the frame's
// URL and whether a given selector is found in it.
async function framed(page, selector) {
  await page.goto(`${EVIL}/`, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the page has its frame');
  let found = false;
  try {
    found = (await frame.locator(selector).count()) > 0;
  } catch {
    found = false;
  }
  return { url: frame.url(), found };
}

test('the sign-in form is not shown in another site\'s frame', T, async () => {
  await withPage({}, async ({ page, problems }) => {
    await serveEvil(page, `${BASE}/login`);
    const f = await framed(page, 'input[name="password"]');
    assert.equal(f.found, false, `the password field is not reachable in the frame (frame at ${f.url})`);
    assert.ok(!f.url.startsWith(BASE), `the frame holds no datalots page (${f.url})`);
    assert.ok(problems.some((p) => /frame-ancestors|X-Frame-Options|Refused to (display|frame)/i.test(p))
      || f.url.startsWith('chrome-error:'), 'the browser says it refused the frame');
  });
});

test('a signed-in person\'s pages and a public page are not framed either', T, async () => {
  await withPage({}, async ({ page }) => {
    await signIn(page, 'registrator');
    for (const [p, sel] of [['/cases', 'main h1'], ['/diarium', 'main h1'], ['/guide', 'main h1']]) {
      await page.unroute(`${EVIL}/**`);
      await serveEvil(page, `${BASE}${p}`);
      const f = await framed(page, sel);
      assert.equal(f.found, false, `${p} is not shown in the frame (frame at ${f.url})`);
    }
  });
});

test('control: without the two headers the same frame shows the form', T, async () => {
  await withPage({}, async ({ page }) => {
    await serveEvil(page, `${BASE}/login`);
    // Only in this context: the answer with its framing headers removed.
    await page.route(`${BASE}/login`, async (route) => {
      const res = await route.fetch();
      const headers = { ...res.headers() };
      delete headers['content-security-policy'];
      delete headers['x-frame-options'];
      await route.fulfill({ response: res, headers });
    });
    const f = await framed(page, 'input[name="password"]');
    assert.equal(f.found, true, `without the headers the form is in the frame (${f.url})`);
  });
});

test('control: the other site frames its own page', T, async () => {
  await withPage({}, async ({ page }) => {
    await serveEvil(page, `${EVIL}/inner`);
    const f = await framed(page, '#inner');
    assert.equal(f.found, true, 'a frame without refusing headers shows its page');
  });
});
