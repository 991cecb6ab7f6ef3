// obstacle_register.test.mjs — the public obstacle register (/hinder,
// /hinder/ID) in a real browser, anonymous: axe-core (WCAG 2.1 A/AA) finds
// nothing on the register and on an obstacle's page, on a phone in Swedish
// and a desktop in English, nothing is wider than the window, and without
// JavaScript the filter form and the pages still work (a category chosen
// and sent with the keyboard, the next page, an obstacle opened).
// Screenshots: out/obstacle-register-*.png. The HTTP side:
// tests/e2e/t_obstacle_register.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, OUT, sharedBrowser, VIEWPORTS,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = [
  { name: 'phone-sv', viewport: VIEWPORTS.phone, locale: 'sv-SE', title: 'Hinderregistret' },
  { name: 'desktop-en', viewport: VIEWPORTS.desktop, locale: 'en-GB', title: 'Obstacle register' },
];

const { withPage } = sharedBrowser();

async function noWiderThanWindow(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${what} is ${wide} px wider than the window`);
}

for (const c of CASES) {
  test(`the obstacle register (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await visit(page, '/hinder');
      assert.equal(await page.locator('h1').innerText(), c.title);
      assert.ok(await page.locator('table.obstacles tbody tr').count() > 0, 'published obstacles are listed');
      await page.locator('details.filters-box summary').click();
      let r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations('/hinder', r.violations));
      await noWiderThanWindow(page, 'the register');
      await page.screenshot({ path: path.join(OUT, `obstacle-register-${c.name}.png`), fullPage: true });

      await page.locator('table.obstacles tbody tr a').first().click();
      await page.waitForLoadState('load');
      assert.match(page.url(), /\/hinder\/[0-9]+$/);
      r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations(page.url(), r.violations));
      await noWiderThanWindow(page, 'an obstacle page');
      await page.screenshot({ path: path.join(OUT, `obstacle-public-${c.name}.png`), fullPage: true });
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });
}

test('the obstacle register without JavaScript', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone, javaScriptEnabled: false }, async ({ page }) => {
    await visit(page, '/hinder');
    await page.locator('details.filters-box summary').click();
    const select = page.locator('#f-kategori');
    const value = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(value);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[role=search] button').press('Enter')]);
    assert.match(page.url(), new RegExp(`[?&]kategori=${value}(&|$)`));
    assert.equal(await page.locator('#f-kategori option[selected]').getAttribute('value'), value);
    const rows = await page.locator('table.obstacles tbody tr').count();
    assert.ok(rows > 0, 'the chosen category has obstacles');
    if (await page.locator('a[rel=next]').count()) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('a[rel=next]').click()]);
      assert.match(page.url(), /sida=2/);
      assert.match(page.url(), new RegExp(`kategori=${value}`), 'the next page keeps the filter');
    }
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('table.obstacles tbody tr a').first().click()]);
    assert.match(page.url(), /\/hinder\/[0-9]+$/);
    assert.ok(await page.locator('a[href^="/hinder/ny"]').count() === 1, 'a link to report a similar one');
  });
});

// Following an obstacle by e-mail (/hinder/ID#bevaka → /hinder/ID/bevaka):
// axe finds nothing on the form or on the page after it; the form is a
// plain one (the pages carry no script: pages.test.mjs). The HTTP side:
// tests/e2e/t_obstacle_subscribe.sh.
test('following an obstacle by e-mail (phone-sv)', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone, locale: 'sv-SE' }, async ({ page, problems }) => {
    await visit(page, '/hinder');
    const href = await page.locator('table.obstacles tbody tr a').first().getAttribute('href');
    await visit(page, href);
    assert.equal(await page.locator('#bevaka h2').innerText(), 'Bevaka det här hindret');
    assert.equal(await page.locator('#bevaka a').getAttribute('href'), `${href}/bevaka`);
    await visit(page, `${href}/bevaka`);
    let r = await axe(page);
    assert.equal(r.violations.length, 0, formatViolations(page.url(), r.violations));
    await noWiderThanWindow(page, 'the subscription form');
    await page.locator('#email').fill('bevakare@example.se');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form#bevaka button').click()]);
    assert.match(await page.locator('#bevaka-skickat').innerText(), /Om adressen inte redan bevakar hindret/);
    r = await axe(page);
    assert.equal(r.violations.length, 0, formatViolations(page.url(), r.violations));
    await page.screenshot({ path: path.join(OUT, 'obstacle-subscribe-phone-sv.png'), fullPage: true });
    assert.deepEqual(problems, [], 'no console errors or failed requests');
  });
});
