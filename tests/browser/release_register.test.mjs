// release_register.test.mjs — the public register of decided releases
// (/beslut, /beslut/ID) in a real browser, anonymous: axe-core (WCAG 2.1
// A/AA) finds nothing on the register (filters open) and on a decision's
// page, on a phone in Swedish and a desktop in English, nothing is wider
// than the window, and without JavaScript the filter form works (an
// outcome chosen and sent with the keyboard, a decision opened).
// Screenshots: out/release-register-*.png. The HTTP side:
// tests/e2e/t_release_register.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, OUT, sharedBrowser, VIEWPORTS,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = [
  { name: 'phone-sv', viewport: VIEWPORTS.phone, locale: 'sv-SE', title: 'Register över beslut om utlämnande' },
  { name: 'desktop-en', viewport: VIEWPORTS.desktop, locale: 'en-GB', title: 'Register of decisions on releases' },
];

const { withPage } = sharedBrowser();

async function noWiderThanWindow(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${what} is ${wide} px wider than the window`);
}

for (const c of CASES) {
  test(`the release register (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await visit(page, '/beslut');
      assert.equal(await page.locator('h1').innerText(), c.title);
      assert.ok(await page.locator('table.decisions tbody tr').count() > 0, 'decisions are listed');
      await page.locator('details.filters-box summary').click();
      let r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations('/beslut', r.violations));
      await noWiderThanWindow(page, 'the register');
      await page.screenshot({ path: path.join(OUT, `release-register-${c.name}.png`), fullPage: true });

      await page.locator('table.decisions tbody tr a').first().click();
      await page.waitForLoadState('load');
      assert.match(page.url(), /\/beslut\/[0-9]+$/);
      r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations(page.url(), r.violations));
      await noWiderThanWindow(page, 'a decision page');
      await page.screenshot({ path: path.join(OUT, `release-decision-${c.name}.png`), fullPage: true });
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });
}

test('the release register without JavaScript', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone, javaScriptEnabled: false }, async ({ page }) => {
    await visit(page, '/beslut');
    await page.locator('details.filters-box summary').click();
    await page.locator('#f-utfall').selectOption('approved');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[role=search] button').press('Enter')]);
    assert.match(page.url(), /[?&]utfall=approved(&|$)/);
    assert.equal(await page.locator('#f-utfall option[selected]').getAttribute('value'), 'approved');
    const outcomes = await page.locator('table.decisions tbody tr td:last-child').allInnerTexts();
    assert.ok(outcomes.length > 0 && outcomes.every((t) => t === 'Beviljat'), `only approvals: ${outcomes}`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('table.decisions tbody tr a').first().click()]);
    assert.match(page.url(), /\/beslut\/[0-9]+$/);
    assert.equal(await page.locator('dd', { hasText: 'Beviljat' }).count(), 1);
  });
});
