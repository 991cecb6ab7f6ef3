// followup.test.mjs — the follow-up figures (/uppfoljning) in a real
// browser, as the network coordinator: the period's form works with the
// keyboard, the charts have a table of the same figures beside them,
// axe-core (WCAG 2.1 A/AA) finds nothing, on a phone in Swedish and a
// desktop in English, and nothing is wider than the phone; the questions'
// answer times have their chart and table. Screenshots:
// out/followup-*.png. The HTTP and file side: tests/e2e/t_followup.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN,
} from './lib.mjs';

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`the follow-up figures (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await signIn(page, 'natverk');
      await visit(page, '/uppfoljning');
      await page.locator('#fran').fill('2022-01-01');
      await page.locator('#till').fill('2026-12-31');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#till').press('Enter')]);
      assert.match(page.url(), /\/uppfoljning\?fran=2022-01-01&till=2026-12-31$/);
      assert.ok(await page.locator('svg.chart').count() >= 5, 'charts are drawn');
      assert.ok(await page.locator('table.report-table').count() >= await page.locator('svg.chart').count(),
        'a table beside each chart');
      const questions = page.locator('section#questions');
      assert.equal(await questions.locator('svg.chart').count(), 1, 'the questions\' answer times have a chart');
      assert.equal(await questions.locator('table.report-table tfoot th[scope="row"]').count(), 1,
        'and a table with a line for all');
      const r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations('the follow-up page', r.violations));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `the page is ${wide} px wider than the window`);
      await page.screenshot({ path: path.join(OUT, `followup-${c.name}.png`), fullPage: true });
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });
}
