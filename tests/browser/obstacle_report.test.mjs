// obstacle_report.test.mjs — the compiled obstacle report (/hinder/rapport)
// in a real browser, as the obstacle analyst: the period's form works with
// the keyboard, the charts have a table of the same figures beside them,
// axe-core (WCAG 2.1 A/AA) finds nothing, on a phone in Swedish and a
// desktop in English, and nothing is wider than the phone (the SVG charts
// shrink). Screenshots: out/obstacle-report-*.png. The HTTP and file side:
// tests/e2e/t_obstacle_report_compiled.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = PHONE_SV_DESKTOP_EN;

const { withPage } = sharedBrowser();

for (const c of CASES) {
  test(`the compiled obstacle report (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await signIn(page, 'hinder');
      await visit(page, '/hinder/rapport');
      await page.locator('#fran').fill('2022-01-01');
      await page.locator('#till').fill('2026-12-31');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#till').press('Enter')]);
      assert.match(page.url(), /\/hinder\/rapport\?fran=2022-01-01&till=2026-12-31$/);
      assert.ok(await page.locator('svg.chart').count() >= 5, 'charts are drawn');
      assert.equal(await page.locator('svg.chart').count(), await page.locator('table.report-table').count() - 3,
        'a table beside each chart (laws, outcomes and the measures by outcome type have tables only)');
      const r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations('the compiled report', r.violations));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `the report is ${wide} px wider than the window`);
      await page.screenshot({ path: path.join(OUT, `obstacle-report-${c.name}.png`), fullPage: true });
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });
}
