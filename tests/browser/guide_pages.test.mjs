// guide_pages.test.mjs — every page type of the knowledge guide in a real
// browser, with axe-core (WCAG 2.1 A/AA) on a phone in Swedish and a desktop
// in English, nothing wider than the window: the directory, a search with
// hits, a search with "did you mean", the directory narrowed by a facet
// (filters open), a register's page (with "Ansök om data"), a law's page, a
// region's page, and the editors' worklist, editor and history. Then the
// facets used as a person would, with JavaScript disabled: open "Filtrera
// och sortera", choose a law, send, and the list is narrowed. The case
// story, the map and the obstacle form have their own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, signIn, signedIn, axe, formatViolations, OUT, sharedBrowser,
} from './lib.mjs';

const T = { timeout: 180_000 };
const VIEWS = [
  { name: 'phone-sv', viewport: { width: 390, height: 844 }, locale: 'sv-SE' },
  { name: 'desktop-en', viewport: { width: 1280, height: 800 }, locale: 'en-GB' },
];
const PUBLIC = ['/guide', '/guide?q=diabetes', '/guide?q=socialstyrelsn', '/guide?law=gdpr',
  '/guide/patientregistret', '/guide/gdpr', '/guide/region-skane'];
const EDITOR = ['/guide/review', '/guide/gdpr/edit', '/guide/gdpr/history'];

const { withPage } = sharedBrowser();

async function check(page, p, view) {
  await visit(page, p);
  const r = await axe(page);
  assert.equal(r.violations.length, 0, formatViolations(`${p} (${view.name})`, r.violations));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${p} (${view.name}) is ${wide} px wider than the window`);
}

for (const view of VIEWS) {
  test(`the guide's public pages (${view.name}): no axe violation, nothing too wide`, T, async () => {
    await withPage({ viewport: view.viewport, locale: view.locale }, async ({ page, problems }) => {
      for (const p of PUBLIC) await check(page, p, view);
      await visit(page, '/guide?law=gdpr');
      await page.screenshot({ path: path.join(OUT, `guide-facets-${view.name}.png`), fullPage: true });
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });

  test(`the editors' pages (${view.name}): no axe violation, nothing too wide`, T, async () => {
    await withPage({ viewport: view.viewport, locale: view.locale }, async ({ page }) => {
      await signIn(page, 'redaktor');
      assert.ok(await signedIn(page), 'redaktor signs in');
      for (const p of EDITOR) await check(page, p, view);
    });
  });
}

test('narrowing the guide by a law without JavaScript', T, async () => {
  await withPage({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false }, async ({ page }) => {
    await visit(page, '/guide?q=register');
    assert.equal(await page.locator('details.filters-box[open]').count(), 0, 'the filters start folded');
    await page.locator('details.filters-box summary').click();
    await page.locator('#f-law').selectOption('gdpr');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form.guide-search button[type="submit"]').click()]);
    assert.match(page.url(), /[?&]law=gdpr(&|$)/, 'the law is in the address');
    assert.equal(await page.locator('details.filters-box[open]').count(), 1, 'the filters stay open while used');
    assert.equal(await page.locator('#f-law option[value="gdpr"][selected]').count(), 1, 'the law stays chosen');
    assert.ok(await page.locator('table.guide tbody tr').count() > 0, 'items relate to it');
  });
});
