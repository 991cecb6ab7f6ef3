// obstacle_categories.test.mjs — the analyst's category list in a real
// browser (demo `hinder`): axe-core (WCAG 2.1 A/AA) finds nothing on the
// list, with a category's form opened (a <details>, no JavaScript needed)
// and after a refused change, on a phone in Swedish and a desktop in
// English, and nothing is wider than the phone. Screenshots:
// out/obstacle-categories-*.png. The HTTP side:
// tests/e2e/t_obstacle_categories.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = PHONE_SV_DESKTOP_EN;

const { withPage } = sharedBrowser();

const sound = assertSound;

for (const c of CASES) {
  test(`the category list and a refused change (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'hinder');
      await visit(page, '/hinder/kategorier');
      await sound(page, 'the category list');
      await page.locator('#kategori-ethical_review summary').click();
      assert.ok(await page.locator('#c-ethical_review-guidance_sv').isVisible(), 'the opened form shows the guidance');
      await sound(page, 'the list with a form open');
      await page.screenshot({ path: path.join(OUT, `obstacle-categories-${c.name}.png`), fullPage: true });
      const form = '#kategori-lead_times form';
      await page.locator('#kategori-lead_times summary').click();
      await page.locator(form).evaluate((f) => { f.noValidate = true; });
      await page.locator('#c-lead_times-position').fill('5000');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(`${form} button[type="submit"]`).click()]);
      assert.equal(await page.locator('p.error[role="alert"]').count(), 1, 'a refused change says why');
      assert.ok(await page.locator('#c-lead_times-position').isVisible(), 'the refused form is open again');
      await sound(page, 'the list after a refusal');
      await page.screenshot({ path: path.join(OUT, `obstacle-categories-refused-${c.name}.png`), fullPage: true });
    });
  });
}
